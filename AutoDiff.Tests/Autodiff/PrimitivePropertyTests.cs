using AutoDiff.Checking;
using FsCheck;
using FsCheck.Fluent;

namespace AutoDiff.Tests.Autodiff;

/// <summary>
/// For every operation, over random shapes (broadcasting and size-1 axes included) and values in its domain:
/// the gradient, the JVP and the HVP agree with central finite differences, and ⟨u, J v⟩ = ⟨Jᵀu, v⟩.
/// All inputs are packed into one vector θ, so mixed second derivatives between inputs are checked too.
/// </summary>
public sealed class PrimitivePropertyTests
{
    private const int CasesPerOperation = 12;

    [Theory]
    [MemberData(nameof(OpCatalog.Names), MemberType = typeof(OpCatalog))]
    public void Derivatives_RandomShapesAndValues_MatchFiniteDifferences(string operation)
    {
        var config = Config.QuickThrowOnFailure.WithMaxTest(CasesPerOperation).WithQuietOnSuccess(true);
        Check.One(config, Prop.ForAll(OpCatalog.All[operation].ToArbitrary(), c =>
        {
            CheckAll(c);
            return true;
        }));
    }

    /// <summary>Every derivative check for one case; throws with the case and the report on failure.</summary>
    internal static void CheckAll(OpCase c)
    {
        var inputs = c.Inputs();
        var theta = Ops.Concat(inputs.Select(x => Ops.Reshape(x, x.Size)).ToArray(), 0);
        Tensor F(Tensor t) => c.F(Unpack(t, c.Shapes));

        Require(c, GradCheck.Run(F, theta));

        var rng = new Rng(c.Seed + 1);
        var v = OpCase.Values(theta.Shape, Domain.Any, rng);
        Require(c, JvpCheck.Run(F, theta, v));

        // Dot-product test: forward and reverse mode are adjoint.
        var (y, jv) = AD.Jvp(F, theta, v);
        var u = OpCase.Values(y.Shape, Domain.Any, rng);
        var (_, jtu) = AD.Vjp(F, theta, u);
        var left = Dot(u, jv);
        var right = Dot(jtu, v);
        if (Math.Abs(left - right) > 1e-10 * Math.Max(1, Math.Max(Math.Abs(left), Math.Abs(right))))
        {
            throw new Xunit.Sdk.XunitException($"{c}: dot-product test failed: <u, Jv> = {left:R}, <Jᵀu, v> = {right:R}");
        }

        // HVP of a scalar that exercises both JᵀJ and the operation's own second derivative.
        Tensor S(Tensor t)
        {
            var f = F(t);
            return Ops.Add(Ops.Sum(Ops.Mul(f, u)), Ops.Mul(Ops.Sum(Ops.Mul(f, f)), 0.5));
        }

        Require(c, HvpCheck.Run(S, theta, v));
    }

    private static Tensor[] Unpack(Tensor theta, Shape[] shapes)
    {
        var at = 0;
        var parts = new Tensor[shapes.Length];
        for (var i = 0; i < shapes.Length; i++)
        {
            parts[i] = Ops.Reshape(Ops.Slice(theta, 0, at, shapes[i].Size), shapes[i]);
            at += shapes[i].Size;
        }

        return parts;
    }

    private static double Dot(Tensor a, Tensor b) => Ops.Dot(a, b).Item();

    private static void Require(OpCase c, CheckReport report)
    {
        if (!report.Passed)
        {
            throw new Xunit.Sdk.XunitException($"{c}: {report}");
        }
    }
}
