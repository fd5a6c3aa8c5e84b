using FsCheck;
using FsCheck.Fluent;

namespace AutoDiff.Tests.Autodiff;

/// <summary>FsCheck generators of random applications of every differentiable operation.</summary>
public static class OpCatalog
{
    private static readonly Gen<ulong> Seeds = Gen.Choose(0, int.MaxValue).Select(i => (ulong)i);

    /// <summary>Rank 0–3, each axis 1–4 (size-1 axes included).</summary>
    public static readonly Gen<Shape> AnyShape =
        Gen.Choose(0, 3).SelectMany(rank => Gen.Choose(1, 4).ArrayOf(rank)).Select(d => new Shape(d));

    /// <summary>Rank 1–3, each axis 1–4.</summary>
    public static readonly Gen<Shape> NonScalarShape =
        Gen.Choose(1, 3).SelectMany(rank => Gen.Choose(1, 4).ArrayOf(rank)).Select(d => new Shape(d));

    /// <summary>Two shapes that broadcast together: the second drops leading axes and sets some to 1; maybe swapped.</summary>
    public static readonly Gen<(Shape A, Shape B)> BroadcastPair =
        from a in AnyShape
        from drop in Gen.Choose(0, a.Rank)
        from ones in Gen.Choose(0, 1).ArrayOf(a.Rank)
        from swap in Gen.Elements(false, true)
        let b = new Shape(a.Skip(drop).Select((d, i) => ones[i + drop] == 1 ? 1 : d).ToArray())
        select swap ? (b, a) : (a, b);

    private static Gen<OpCase> Unary(string name, Func<Tensor, Tensor> f, Domain domain = Domain.Any) =>
        from s in AnyShape
        from seed in Seeds
        select new OpCase(name, [s], [domain], xs => f(xs[0]), seed);

    private static Gen<OpCase> Binary(string name, Func<Tensor, Tensor, Tensor> f, Domain second = Domain.Any, Domain first = Domain.Any) =>
        from p in BroadcastPair
        from seed in Seeds
        select new OpCase(name, [p.A, p.B], [first, second], xs => f(xs[0], xs[1]), seed);

    private static Gen<(Shape Shape, int[]? Axes, bool Keep)> Reduction =>
        from s in NonScalarShape
        from all in Gen.Elements(false, true)
        from pick in Gen.Choose(0, 1).ArrayOf(s.Rank)
        from keep in Gen.Elements(false, true)
        let axes = all ? null : Enumerable.Range(0, s.Rank).Where(i => pick[i] == 1).DefaultIfEmpty(s.Rank - 1).ToArray()
        select (s, axes, keep);

    private static Gen<OpCase> Reduce(string name, Func<Tensor, int[]?, bool, Tensor> f, Domain domain = Domain.Any) =>
        from r in Reduction
        from seed in Seeds
        select new OpCase(name, [r.Shape], [domain], xs => f(xs[0], r.Axes, r.Keep), seed,
            $"axes [{(r.Axes is null ? "all" : string.Join(",", r.Axes))}] keepDim {r.Keep}");

    private static Gen<OpCase> AlongAxis(string name, Func<Tensor, int, Tensor> f) =>
        from s in NonScalarShape
        from axis in Gen.Choose(-s.Rank, s.Rank - 1)
        from seed in Seeds
        select new OpCase(name, [s], [Domain.Any], xs => f(xs[0], axis), seed, $"axis {axis}");

    private static readonly Gen<OpCase> LinearCase =
        from n in Gen.Choose(1, 5)
        from inFeatures in Gen.Choose(1, 5)
        from outFeatures in Gen.Choose(1, 5)
        from seed in Seeds
        select new OpCase("Linear", [new Shape(n, inFeatures), new Shape(outFeatures, inFeatures), new Shape(outFeatures)],
            [Domain.Any, Domain.Any, Domain.Any], xs => Ops.Linear(xs[0], xs[1], xs[2]), seed);

    private static readonly Gen<OpCase> MatMulCase =
        from m in Gen.Choose(1, 5)
        from n in Gen.Choose(1, 5)
        from k in Gen.Choose(1, 5)
        from ta in Gen.Elements(false, true)
        from tb in Gen.Elements(false, true)
        from batch in Gen.Choose(0, 2)
        from seed in Seeds
        let lead = batch == 0 ? Array.Empty<int>() : [batch]
        let aShape = new Shape([.. lead, .. ta ? new[] { k, m } : [m, k]])
        let bShape = new Shape([.. lead, .. tb ? new[] { n, k } : [k, n]])
        select new OpCase("MatMul", [aShape, bShape], [Domain.Any, Domain.Any], xs => Ops.MatMul(xs[0], xs[1], ta, tb), seed, $"transA {ta} transB {tb}");

    private static readonly Gen<OpCase> MatMulSharedWeight =
        from rows in Gen.Choose(1, 3).ArrayOf(2)
        from k in Gen.Choose(1, 4)
        from n in Gen.Choose(1, 4)
        from tb in Gen.Elements(false, true)
        from seed in Seeds
        select new OpCase("MatMul", [new Shape([.. rows, k]), tb ? new Shape(n, k) : new Shape(k, n)], [Domain.Any, Domain.Any],
            xs => Ops.MatMul(xs[0], xs[1], false, tb), seed, $"N-D by 2-D transB {tb}");

    private static readonly Gen<OpCase> MatMulVector =
        from k in Gen.Choose(1, 5)
        from n in Gen.Choose(1, 5)
        from left in Gen.Elements(false, true)
        from seed in Seeds
        select left
            ? new OpCase("MatMul", [new Shape(k), new Shape(k, n)], [Domain.Any, Domain.Any], xs => Ops.MatMul(xs[0], xs[1]), seed, "vector-matrix")
            : new OpCase("MatMul", [new Shape(n, k), new Shape(k)], [Domain.Any, Domain.Any], xs => Ops.MatMul(xs[0], xs[1]), seed, "matrix-vector");

    private static readonly Gen<OpCase> WhereCase =
        from p in BroadcastPair
        from maskShape in Gen.Elements(p.A, p.B)
        from seed in Seeds
        let mask = Ops.GreaterMask(Tensor.Rand(maskShape, seed + 99, DType.Float64), Tensor.Scalar(0.5, DType.Float64))
        select new OpCase("Where", [p.A, p.B], [Domain.Any, Domain.Any], xs => Ops.Where(mask, xs[0], xs[1]), seed, $"mask {maskShape}");

    private static readonly Gen<OpCase> ReshapeCase =
        from s in AnyShape
        from kind in Gen.Choose(0, 2)
        from seed in Seeds
        let target = kind == 0 ? new[] { s.Size } : kind == 1 ? [1, s.Size, 1] : s.Reverse().ToArray()
        select new OpCase("Reshape", [s], [Domain.Any], xs => Ops.Reshape(xs[0], target), seed, $"to [{string.Join(",", target)}]");

    private static readonly Gen<OpCase> BroadcastToCase =
        from s in AnyShape
        from drop in Gen.Choose(0, s.Rank)
        from ones in Gen.Choose(0, 1).ArrayOf(s.Rank)
        from seed in Seeds
        let source = new Shape(s.Skip(drop).Select((d, i) => ones[i + drop] == 1 ? 1 : d).ToArray())
        select new OpCase("BroadcastTo", [source], [Domain.Any], xs => Ops.BroadcastTo(xs[0], s), seed, $"to {s}");

    private static readonly Gen<OpCase> PermuteCase =
        from s in NonScalarShape
        from perm in Gen.Shuffle(Enumerable.Range(0, s.Rank).ToArray())
        from seed in Seeds
        select new OpCase("Permute", [s], [Domain.Any], xs => Ops.Permute(xs[0], perm), seed, $"perm [{string.Join(",", perm)}]");

    private static readonly Gen<OpCase> SliceCase =
        from s in NonScalarShape
        from axis in Gen.Choose(0, s.Rank - 1)
        from start in Gen.Choose(0, s[axis] - 1)
        from length in Gen.Choose(1, s[axis] - start)
        from seed in Seeds
        select new OpCase("Slice", [s], [Domain.Any], xs => Ops.Slice(xs[0], axis, start, length), seed, $"axis {axis} [{start}, {start + length})");

    private static readonly Gen<OpCase> PadCase =
        from s in NonScalarShape
        from axis in Gen.Choose(0, s.Rank - 1)
        from start in Gen.Choose(0, 2)
        from extra in Gen.Choose(0, 2)
        from seed in Seeds
        select new OpCase("Pad", [s], [Domain.Any], xs => Ops.Pad(xs[0], axis, start, s[axis] + start + extra), seed, $"axis {axis} at {start}");

    private static readonly Gen<OpCase> ConcatCase =
        from s in NonScalarShape
        from axis in Gen.Choose(0, s.Rank - 1)
        from other in Gen.Choose(1, 3)
        from seed in Seeds
        let t = new Shape(s.Select((d, i) => i == axis ? other : d).ToArray())
        select new OpCase("Concat", [s, t], [Domain.Any, Domain.Any], xs => Ops.Concat(xs, axis), seed, $"axis {axis}");

    private static readonly Gen<OpCase> StackCase =
        from s in AnyShape
        from axis in Gen.Choose(0, s.Rank)
        from seed in Seeds
        select new OpCase("Stack", [s, s], [Domain.Any, Domain.Any], xs => Ops.Stack(xs, axis), seed, $"axis {axis}");

    private static readonly Gen<OpCase> GatherCase =
        from s in NonScalarShape
        from axis in Gen.Choose(0, s.Rank - 1)
        from seed in Seeds
        let index = RandomIndex(s.Size / s[axis], s[axis], seed)
        select new OpCase("Gather", [s], [Domain.Any], xs => Ops.Gather(xs[0], axis, index), seed, $"axis {axis}");

    private static readonly Gen<OpCase> ScatterAddCase =
        from s in NonScalarShape
        from axis in Gen.Choose(0, s.Rank - 1)
        from seed in Seeds
        let reduced = new Shape(s.Where((_, i) => i != axis).ToArray())
        let index = RandomIndex(reduced.Size, s[axis], seed)
        select new OpCase("ScatterAdd", [reduced], [Domain.Any], xs => Ops.ScatterAdd(xs[0], axis, index, s), seed, $"axis {axis} into {s}");

    // One case per fused primitive (not a random choice between them), so the completeness test sees both every time.
    private static Gen<OpCase> FusedReluBackward(bool leaky) =>
        from s in AnyShape
        from seed in Seeds
        select new OpCase(leaky ? "LeakyReluBackward" : "ReluBackward", [s, s], [Domain.AwayFromZero, Domain.Any],
            xs => leaky ? Ops.LeakyReluBackward(xs[0], xs[1], 0.1) : Ops.ReluBackward(xs[0], xs[1]), seed);

    private static Gen<OpCase> FusedBackward(string name, Func<Tensor, Tensor, Tensor> f, Domain first) =>
        from s in AnyShape
        from seed in Seeds
        select new OpCase(name, [s, s], [first, Domain.Any], xs => f(xs[0], xs[1]), seed);

    /// <summary>A small convolution geometry: batch, channels, kernel 1–3, stride 1–2, padding 0–1, image up to 5×5.</summary>
    private static readonly Gen<(AutoDiff.Kernels.ConvGeometry G, int O)> ConvGeometries =
        from n in Gen.Choose(1, 2)
        from c in Gen.Choose(1, 2)
        from o in Gen.Choose(1, 2)
        from kh in Gen.Choose(1, 3)
        from kw in Gen.Choose(1, 3)
        from stride in Gen.Choose(1, 2)
        from padding in Gen.Choose(0, 1)
        from h in Gen.Choose(Math.Max(1, kh - (2 * padding)), 5)
        from w in Gen.Choose(Math.Max(1, kw - (2 * padding)), 4)
        select (new AutoDiff.Kernels.ConvGeometry(n, c, h, w, kh, kw, stride, stride, padding, padding), o);

    private static Gen<OpCase> Conv(string name, Func<AutoDiff.Kernels.ConvGeometry, int, Shape[]> shapes, Func<Tensor[], AutoDiff.Kernels.ConvGeometry, Tensor> f) =>
        from c in ConvGeometries
        from seed in Seeds
        let s = shapes(c.G, c.O)
        select new OpCase(name, s, s.Select(_ => Domain.Any).ToArray(), xs => f(xs, c.G), seed, c.G.ToString());

    private static Shape ImageShape(AutoDiff.Kernels.ConvGeometry g) => new(g.N, g.C, g.H, g.W);

    private static Shape WeightShape(AutoDiff.Kernels.ConvGeometry g, int o) => new(o, g.C, g.KH, g.KW);

    private static Shape OutputShape(AutoDiff.Kernels.ConvGeometry g, int o) => new(g.N, o, g.OH, g.OW);

    private static readonly Gen<AutoDiff.Kernels.ConvGeometry> PoolGeometries =
        from n in Gen.Choose(1, 2)
        from c in Gen.Choose(1, 2)
        from k in Gen.Choose(1, 3)
        from stride in Gen.Choose(1, 3)
        from h in Gen.Choose(k, 5)
        from w in Gen.Choose(k, 5)
        select new AutoDiff.Kernels.ConvGeometry(n, c, h, w, k, k, stride, stride, 0, 0);

    private static Gen<OpCase> Pool(string name, bool pooledSecond, Func<Tensor[], AutoDiff.Kernels.ConvGeometry, Tensor> f, int inputs) =>
        from g in PoolGeometries
        from seed in Seeds
        let image = ImageShape(g)
        let second = pooledSecond ? OutputShape(g, g.C) : image
        let s = inputs == 1 ? new[] { image } : [image, second]
        select new OpCase(name, s, s.Select((_, i) => i == 0 ? Domain.Distinct : Domain.Any).ToArray(), xs => f(xs, g), seed, g.ToString());

    private static readonly Gen<OpCase> SoftmaxCrossEntropyCase =
        from n in Gen.Choose(1, 4)
        from classes in Gen.Choose(1, 4)
        from mean in Gen.Elements(false, true)
        from seed in Seeds
        let labels = RandomIndex(n, classes, seed)
        select new OpCase("SoftmaxCrossEntropy", [new Shape(n, classes)], [Domain.Any],
            xs => AutoDiff.Autodiff.Primitives.SoftmaxCrossEntropyPrimitive.Apply(xs[0], labels, mean ? 1.0 / n : 1.0), seed, $"mean {mean}");

    private static readonly Gen<OpCase> SoftmaxCrossEntropyBackwardCase =
        from n in Gen.Choose(1, 4)
        from classes in Gen.Choose(1, 4)
        from seed in Seeds
        let labels = RandomIndex(n, classes, seed)
        select new OpCase("SoftmaxCrossEntropyBackward", [new Shape(n, classes), Shape.Scalar], [Domain.Any, Domain.Any],
            xs => AutoDiff.Autodiff.Primitives.SoftmaxCrossEntropyBackwardPrimitive.Apply(xs[0], xs[1], labels, 0.5), seed);
    /// <summary>A small image batch and window for Im2Col: [N, C, H, W] with a kernel that fits after padding.</summary>
    private static readonly Gen<(Shape Image, int K, int Stride, int Padding)> Windows =
        from n in Gen.Choose(1, 2)
        from c in Gen.Choose(1, 2)
        from k in Gen.Choose(1, 3)
        from stride in Gen.Choose(1, 2)
        from padding in Gen.Choose(0, 1)
        from h in Gen.Choose(Math.Max(1, k - (2 * padding)), 4)
        from w in Gen.Choose(Math.Max(1, k - (2 * padding)), 4)
        select (new Shape(n, c, h, w), k, stride, padding);

    private static readonly Gen<OpCase> Im2ColCase =
        from g in Windows
        from seed in Seeds
        select new OpCase("Im2Col", [g.Image], [Domain.Any], xs => AutoDiff.Nn.Functional.Im2Col(xs[0], g.K, g.K, g.Stride, g.Padding), seed,
            $"k {g.K} stride {g.Stride} padding {g.Padding}");

    /// <summary>Col2Im, Im2Col's adjoint, through the public API: the VJP of Im2Col as a function of its cotangent (a nested transform).</summary>
    private static readonly Gen<OpCase> Col2ImCase =
        from g in Windows
        from seed in Seeds
        let columns = AutoDiff.Nn.Functional.Im2Col(Tensor.Zeros(g.Image, DType.Float64), g.K, g.K, g.Stride, g.Padding).Shape
        select new OpCase("Col2Im", [columns], [Domain.Any],
            xs => AD.Vjp(x => AutoDiff.Nn.Functional.Im2Col(x, g.K, g.K, g.Stride, g.Padding), Tensor.Zeros(g.Image, DType.Float64), xs[0]).Cotangent, seed,
            $"k {g.K} stride {g.Stride} padding {g.Padding}");

    /// <summary>x·tanh(x) as a user-defined function with only a JVP rule (its VJP is derived by a nested transform).</summary>
    private static readonly CustomFunction XTanhX = new("XTanhX",
        forward: xs => Ops.Mul(xs[0], Ops.Tanh(xs[0])),
        jvp: (xs, y, d) =>
        {
            var t = Ops.Tanh(xs[0]);
            return Ops.Mul(Ops.Add(t, Ops.Mul(xs[0], Ops.Sub(1.0, Ops.Mul(t, t)))), d[0]!);
        });

    /// <summary>A gradient inside the function: f(x) = ∇ₜ Σ t²·x at t = x (= 2x²), so the checks differentiate a transform.</summary>
    private static Tensor NestedGrad(Tensor x) => AD.Grad(t => Ops.Sum(Ops.Mul(Ops.Mul(t, t), x)), x);

    private static int[] RandomIndex(int count, int n, ulong seed)
    {
        var rng = new Rng(seed + 17);
        return Enumerable.Range(0, count).Select(_ => rng.NextInt(n)).ToArray();
    }

    /// <summary>Every operation by name, each with its generator.</summary>
    public static readonly IReadOnlyDictionary<string, Gen<OpCase>> All = new Dictionary<string, Gen<OpCase>>
    {
        ["Add"] = Binary("Add", Ops.Add),
        ["Sub"] = Binary("Sub", Ops.Sub),
        ["Mul"] = Binary("Mul", Ops.Mul),
        ["Div"] = Binary("Div", Ops.Div, Domain.AwayFromZero),
        ["Maximum"] = Binary("Maximum", Ops.Maximum, Domain.OffGrid, Domain.OnGrid),
        ["Minimum"] = Binary("Minimum", Ops.Minimum, Domain.OffGrid, Domain.OnGrid),
        ["Where"] = WhereCase,
        ["Neg"] = Unary("Neg", Ops.Neg),
        ["Exp"] = Unary("Exp", Ops.Exp),
        ["Log"] = Unary("Log", Ops.Log, Domain.Positive),
        ["Sqrt"] = Unary("Sqrt", Ops.Sqrt, Domain.Positive),
        ["Abs"] = Unary("Abs", Ops.Abs, Domain.AwayFromZero),
        ["PowReal"] = Unary("Pow", x => Ops.Pow(x, 2.5), Domain.Positive),
        ["PowInteger"] = Unary("Pow", x => Ops.Pow(x, 3)),
        ["PowNegative"] = Unary("Pow", x => Ops.Pow(x, -1.5), Domain.Positive),
        ["Square"] = Unary("Square", Ops.Square),
        ["Tanh"] = Unary("Tanh", Ops.Tanh),
        ["Sigmoid"] = Unary("Sigmoid", Ops.Sigmoid),
        ["Relu"] = Unary("Relu", Ops.Relu, Domain.AwayFromZero),
        ["LeakyRelu"] = Unary("LeakyRelu", x => Ops.LeakyRelu(x, 0.1), Domain.AwayFromZero),
        ["Softplus"] = Unary("Softplus", Ops.Softplus),
        ["Gelu"] = Unary("Gelu", x => Ops.Gelu(x)),
        ["GeluTanh"] = Unary("GeluTanh", x => Ops.Gelu(x, tanhApproximation: true)),
        ["Erf"] = Unary("Erf", Ops.Erf),
        ["Clamp"] = Unary("Clamp", x => Ops.Clamp(x, -0.5, 0.5), Domain.AwayFromHalf),
        ["ReluBackward"] = FusedReluBackward(leaky: false),
        ["LeakyReluBackward"] = FusedReluBackward(leaky: true),
        ["TanhBackward"] = FusedBackward("TanhBackward", Ops.TanhBackward, Domain.Any),
        ["SigmoidBackward"] = FusedBackward("SigmoidBackward", Ops.SigmoidBackward, Domain.Any),
        ["Sum"] = Reduce("Sum", Ops.Sum),
        ["Mean"] = Reduce("Mean", Ops.Mean),
        ["Max"] = Reduce("Max", Ops.Max, Domain.Distinct),
        ["Min"] = Reduce("Min", Ops.Min, Domain.Distinct),
        ["Variance"] = Reduce("Variance", Ops.Variance),
        ["LogSumExp"] = Reduce("LogSumExp", Ops.LogSumExp),
        ["Softmax"] = AlongAxis("Softmax", Ops.Softmax),
        ["LogSoftmax"] = AlongAxis("LogSoftmax", Ops.LogSoftmax),
        ["MatMul"] = MatMulCase,
        ["Linear"] = LinearCase,
        ["MatMulSharedWeight"] = MatMulSharedWeight,
        ["MatMulVector"] = MatMulVector,
        ["Reshape"] = ReshapeCase,
        ["BroadcastTo"] = BroadcastToCase,
        ["Permute"] = PermuteCase,
        ["Transpose"] = AlongAxis("Transpose", (x, axis) => x.Rank < 2 ? Ops.Mul(x, 1.0) : Ops.Transpose(x, axis < 0 ? -1 : 0, -1)),
        ["Slice"] = SliceCase,
        ["Pad"] = PadCase,
        ["Concat"] = ConcatCase,
        ["Stack"] = StackCase,
        ["Gather"] = GatherCase,
        ["ScatterAdd"] = ScatterAddCase,
        ["SoftmaxCrossEntropy"] = SoftmaxCrossEntropyCase,
        ["SoftmaxCrossEntropyBackward"] = SoftmaxCrossEntropyBackwardCase,
        ["Im2Col"] = Conv("Im2Col", (g, o) => [ImageShape(g)], (xs, g) => AutoDiff.Autodiff.Primitives.Im2ColPrimitive.Apply(xs[0], g)),
        ["Col2Im"] = Conv("Col2Im", (g, o) => [new Shape(g.N, g.L, g.Patch)], (xs, g) => AutoDiff.Autodiff.Primitives.Col2ImPrimitive.Apply(xs[0], g)),
        ["Conv2d"] = Conv("Conv2d", (g, o) => [ImageShape(g), WeightShape(g, o), new Shape(o)], (xs, g) => AutoDiff.Autodiff.Primitives.Conv2dPrimitive.Apply(xs[0], xs[1], xs[2], g)),
        ["Conv2dNoBias"] = Conv("Conv2d", (g, o) => [ImageShape(g), WeightShape(g, o)], (xs, g) => AutoDiff.Autodiff.Primitives.Conv2dPrimitive.Apply(xs[0], xs[1], null, g)),
        ["Conv2dBackwardInput"] = Conv("Conv2dBackwardInput", (g, o) => [OutputShape(g, o), WeightShape(g, o)], (xs, g) => AutoDiff.Autodiff.Primitives.Conv2dBackwardInputPrimitive.Apply(xs[0], xs[1], g)),
        ["Conv2dBackwardWeight"] = Conv("Conv2dBackwardWeight", (g, o) => [ImageShape(g), OutputShape(g, o)], (xs, g) => AutoDiff.Autodiff.Primitives.Conv2dBackwardWeightPrimitive.Apply(xs[0], xs[1], g)),
        ["MaxPool2d"] = Pool("MaxPool2d", false, (xs, g) => AutoDiff.Autodiff.Primitives.MaxPool2dPrimitive.Apply(xs[0], g), 1),
        ["MaxPool2dSelect"] = Pool("MaxPool2dSelect", false, (xs, g) => AutoDiff.Autodiff.Primitives.MaxPool2dSelectPrimitive.Apply(xs[0], xs[1], g), 2),
        ["MaxPool2dScatter"] = Pool("MaxPool2dScatter", true, (xs, g) => AutoDiff.Autodiff.Primitives.MaxPool2dScatterPrimitive.Apply(xs[0], xs[1], g), 2),
        ["Cast"] = Unary("Cast", x => Ops.Cast(x, DType.Float64)),
        ["Custom"] = Unary("Custom", x => XTanhX.Invoke(x)),
        ["NestedGrad"] = Unary("NestedGrad", NestedGrad),
        ["Im2ColFunctional"] = Im2ColCase,
        ["Col2ImAdjoint"] = Col2ImCase,
    };

    public static IEnumerable<object[]> Names => All.Keys.Select(k => new object[] { k });
}
