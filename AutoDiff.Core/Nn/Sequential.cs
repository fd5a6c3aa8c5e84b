namespace AutoDiff.Nn;

/// <summary>Modules applied one after another; children are named "0", "1", … so paths read <c>"0.weight"</c>.</summary>
public sealed class Sequential : Module
{
    private readonly List<Module> _layers = new();

    /// <summary>Creates the container with its layers in order.</summary>
    /// <param name="layers">The layers.</param>
    public Sequential(params IEnumerable<Module> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        foreach (var layer in layers)
        {
            Add(layer);
        }
    }

    /// <summary>The number of layers.</summary>
    public int Count => _layers.Count;

    /// <summary>The layer at <paramref name="index"/>.</summary>
    /// <param name="index">The position, 0-based.</param>
    public Module this[int index] => _layers[index];

    /// <summary>Appends a layer, named by its position.</summary>
    /// <param name="layer">The layer.</param>
    /// <returns>This container.</returns>
    public Sequential Add(Module layer)
    {
        RegisterModule(_layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), layer);
        _layers.Add(layer);
        return this;
    }

    /// <summary>Applies the layers in order through <see cref="Module.Call"/>, so their hooks fire.</summary>
    /// <param name="x">The input.</param>
    /// <returns>The last layer's output.</returns>
    public override Tensor Forward(Tensor x)
    {
        foreach (var layer in _layers)
        {
            x = layer.Call(x);
        }

        return x;
    }
}
