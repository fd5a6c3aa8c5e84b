using AutoDiff.Checking;
using AutoDiff.Nn;
using FsCheck;
using FsCheck.Fluent;

namespace AutoDiff.Tests.Nn;

/// <summary>Shared generators and derivative checks for the Nn tests.</summary>
internal static class NnCheck
{
    /// <summary>Any seed for a test case's own <see cref="Rng"/>.</summary>
    public static Gen<int> Seed => Gen.Choose(0, int.MaxValue);

    /// <summary>Runs <paramref name="body"/> on <paramref name="maxTest"/> generated cases, throwing on the first failure.</summary>
    public static void ForAll<T>(Gen<T> gen, Action<T> body, int maxTest = 8)
        => Prop.ForAll(Arb.From(gen), body).Check(Config.QuickThrowOnFailure.WithMaxTest(maxTest));

    /// <summary>Standard normal Float64 values.</summary>
    public static Tensor Randn(Rng rng, params int[] shape) => Tensor.Randn(new Shape(shape), rng, dtype: DType.Float64);

    /// <summary>Float64 values with |x| in [0.2, 1.5] and a random sign: away from the kinks of ReLU-like functions.</summary>
    public static Tensor AwayFromZero(Rng rng, params int[] shape)
    {
        var t = Tensor.Zeros(new Shape(shape), DType.Float64);
        for (var i = 0; i < t.Size; i++)
        {
            var magnitude = rng.Uniform(0.2, 1.5);
            t.SetFlat(i, rng.NextDouble() < 0.5 ? -magnitude : magnitude);
        }

        return t;
    }

    /// <summary>Distinct values (a shuffled grid with spacing 0.1 plus small jitter): no near-ties for max pooling.</summary>
    public static Tensor Distinct(Rng rng, params int[] shape)
    {
        var t = Tensor.Zeros(new Shape(shape), DType.Float64);
        var order = Enumerable.Range(0, t.Size).ToArray();
        rng.Shuffle(order.AsSpan());
        for (var i = 0; i < t.Size; i++)
        {
            t.SetFlat(i, (0.1 * (order[i] - (t.Size / 2.0))) + rng.Uniform(-0.01, 0.01));
        }

        return t;
    }

    /// <summary>
    /// Checks the gradient (with respect to the input and every parameter), the JVP and the HVP of
    /// <paramref name="module"/> at <paramref name="x"/>; all in Float64.
    /// </summary>
    public static void Module(Module module, Tensor x, CheckOptions? options = null, bool hvp = true)
    {
        var parameters = module.Parameters().Select(p => p.Detach()).ToArray();
        Tensor F(Tensor[] xs)
        {
            using (module.UseParameters(xs[1..]))
            {
                return module.Forward(xs[0]);
            }
        }

        Function(F, [x, .. parameters], options, hvp);
    }

    /// <summary>Checks the gradient with respect to every argument, the JVP and the HVP of a function of several tensors.</summary>
    public static void Function(Func<Tensor[], Tensor> f, Tensor[] args, CheckOptions? options = null, bool hvp = true)
    {
        var grad = GradCheck.Run(f, args, options);
        Assert.True(grad.Passed, grad.ToString());

        var shapes = args.Select(a => a.Shape).ToArray();
        Tensor Packed(Tensor theta) => f(Unpack(theta, shapes));
        var theta = Pack(args);
        var rng = new Rng(7);
        var v = Randn(rng, theta.Size);
        var jvp = JvpCheck.Run(Packed, theta, v, options);
        Assert.True(jvp.Passed, jvp.ToString());

        if (hvp)
        {
            Tensor y0;
            using (Tape.NoGrad())
            {
                y0 = Packed(theta);
            }

            var u = Randn(rng, [.. y0.Shape]);
            Tensor Scalar(Tensor t)
            {
                var y = Packed(t);
                return Ops.Add(Ops.Sum(Ops.Mul(y, u)), Ops.Mul(Ops.Sum(Ops.Mul(y, y)), 0.5));
            }

            var h = HvpCheck.Run(Scalar, theta, v, options);
            Assert.True(h.Passed, h.ToString());
        }
    }

    /// <summary>The arguments flattened and joined into one vector.</summary>
    public static Tensor Pack(Tensor[] args)
    {
        var values = args.SelectMany(a => a.ToArray()).ToArray();
        return Tensor.FromArray(values);
    }

    /// <summary>Splits a vector back into tensors of the given shapes (with ops, so derivatives flow).</summary>
    public static Tensor[] Unpack(Tensor theta, Shape[] shapes)
    {
        var result = new Tensor[shapes.Length];
        var offset = 0;
        for (var i = 0; i < shapes.Length; i++)
        {
            result[i] = Ops.Reshape(Ops.Slice(theta, 0, offset, shapes[i].Size), shapes[i]);
            offset += shapes[i].Size;
        }

        return result;
    }

    /// <summary>Asserts element-wise closeness.</summary>
    public static void Close(Tensor expected, Tensor actual, double tolerance)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        for (var i = 0; i < expected.Size; i++)
        {
            var e = expected.GetFlat(i);
            var a = actual.GetFlat(i);
            Assert.True(Math.Abs(e - a) <= tolerance * (1 + Math.Abs(e)), $"element {i}: expected {e}, got {a}");
        }
    }
}
