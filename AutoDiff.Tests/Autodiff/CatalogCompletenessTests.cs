using AutoDiff.Autodiff;
using FsCheck.Fluent;

namespace AutoDiff.Tests.Autodiff;

/// <summary>
/// Completeness by construction: every primitive of the library, found by reflection, is applied by some case of
/// <see cref="OpCatalog"/>, so the property tests check its JVP, VJP and HVP. A new primitive without a catalog line fails here.
/// </summary>
public sealed class CatalogCompletenessTests
{
    [Fact]
    public void Catalog_AppliesEveryPrimitive()
    {
        var primitives = typeof(Ops).Assembly.GetTypes()
            .Where(t => typeof(Primitive).IsAssignableFrom(t) && !t.IsAbstract)
            .ToHashSet();
        Assert.NotEmpty(primitives);

        var covered = new HashSet<Type>();
        foreach (var (name, gen) in OpCatalog.All)
        {
            // 24 samples of size 6 (numberOfSamples comes first): a case that picks its primitive at random
            // (ReluBackward or LeakyReluBackward) or broadcasts only for some shapes shows each; 5 samples missed one
            // about once in 16 runs.
            foreach (var c in gen.Sample(24, 6))
            {
                var inputs = c.Inputs();
                foreach (var x in inputs)
                {
                    x.RequiresGrad = true;
                }

                using var tape = Tape.Record();
                c.F(inputs);
                covered.UnionWith(tape.Nodes.Select(n => n.Primitive.GetType()));
            }
        }

        var missing = primitives.Except(covered).Select(t => t.FullName).Order().ToArray();
        Assert.True(missing.Length == 0,
            $"No OpCatalog case applies these primitives, so their derivative rules are untested: {string.Join(", ", missing)}. " +
            "Add a line for each to OpCatalog.All.");
    }
}
