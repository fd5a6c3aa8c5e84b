using AutoDiff.Nn;

namespace AutoDiff.Bench.Models;

/// <summary>
/// A model's loss as a function of one flat parameter vector (the order of <see cref="Module.Parameters"/>), so the
/// library's single-tensor checkers (GradCheck, HvpCheck) test the very module that is trained.
/// </summary>
public static class FlatView
{
    /// <summary>The parameters, flattened and concatenated into a new tensor.</summary>
    public static Tensor Flatten(Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Ops.Concat(model.Parameters().Select(p => Ops.Reshape(p.Detach(), p.Size)).ToArray());
    }

    /// <summary><c>θ ↦ loss(model with its parameters cut from θ)</c>; differentiable in θ.</summary>
    public static Func<Tensor, Tensor> Loss(Module model, Func<Tensor> loss)
    {
        ArgumentNullException.ThrowIfNull(model);
        var shapes = model.Parameters().Select(p => p.Shape).ToArray();
        return theta =>
        {
            var parts = new Tensor[shapes.Length];
            var at = 0;
            for (var i = 0; i < shapes.Length; i++)
            {
                var size = shapes[i].Size;
                parts[i] = Ops.Reshape(Ops.Slice(theta, 0, at, size), shapes[i]);
                at += size;
            }

            using (model.UseParameters(parts))
            {
                return loss();
            }
        };
    }
}
