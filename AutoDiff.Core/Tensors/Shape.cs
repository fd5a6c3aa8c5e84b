using System.Collections;
using System.Text;

namespace AutoDiff;

/// <summary>
/// The immutable extent of a tensor along each axis, row-major. <c>Shape.Scalar</c> has rank 0 and size 1.
/// </summary>
public sealed class Shape : IEquatable<Shape>, IReadOnlyList<int>
{
    private readonly int[] _dims;

    /// <summary>The shape of a scalar (rank 0).</summary>
    public static Shape Scalar { get; } = new(Array.Empty<int>(), validated: true);

    /// <summary>Creates a shape from its dimensions; each must be non-negative.</summary>
    public Shape(params int[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        long size = 1;
        foreach (var d in dims)
        {
            if (d < 0)
            {
                throw new ArgumentException($"Shape: dimensions must be non-negative, got [{string.Join(", ", dims)}].");
            }

            size *= d;
            if (size > int.MaxValue)
            {
                throw new ArgumentException($"Shape: [{string.Join(", ", dims)}] has more than {int.MaxValue} elements.");
            }
        }

        _dims = (int[])dims.Clone();
        Size = (int)size;
    }

    private Shape(int[] dims, bool validated)
    {
        _ = validated;
        _dims = dims;
        var size = 1;
        foreach (var d in dims)
        {
            size *= d;
        }

        Size = size;
    }

    internal static Shape Wrap(int[] dims) => new(dims, validated: true);

    /// <summary>The number of axes.</summary>
    public int Rank => _dims.Length;

    /// <summary>The number of elements (the product of the dimensions; 1 for a scalar).</summary>
    public int Size { get; }

    /// <summary>The extent along <paramref name="axis"/>; negative axes count from the end.</summary>
    public int this[int axis] => _dims[NormalizeAxis(axis, "Shape")];

    /// <inheritdoc/>
    public int Count => _dims.Length;

    /// <summary>A copy of the dimensions.</summary>
    public int[] ToArray() => (int[])_dims.Clone();

    internal ReadOnlySpan<int> Dims => _dims;

    /// <summary>Maps a possibly negative axis into [0, Rank), naming <paramref name="op"/> when it is out of range.</summary>
    public int NormalizeAxis(int axis, string op)
    {
        var a = axis < 0 ? axis + Rank : axis;
        if (a < 0 || a >= Rank)
        {
            throw new ArgumentOutOfRangeException(nameof(axis), $"{op}: axis {axis} is out of range for shape {this}.");
        }

        return a;
    }

    /// <summary>Row-major strides, in elements.</summary>
    public int[] Strides()
    {
        var strides = new int[Rank];
        var s = 1;
        for (var i = Rank - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= _dims[i];
        }

        return strides;
    }

    /// <summary>The NumPy broadcast of two shapes; throws naming <paramref name="op"/> and both shapes if they do not broadcast.</summary>
    public static Shape Broadcast(Shape a, Shape b, string op)
    {
        if (a.Equals(b))
        {
            return a;
        }

        var rank = Math.Max(a.Rank, b.Rank);
        var dims = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            var da = i - (rank - a.Rank) >= 0 ? a._dims[i - (rank - a.Rank)] : 1;
            var db = i - (rank - b.Rank) >= 0 ? b._dims[i - (rank - b.Rank)] : 1;
            if (da != db && da != 1 && db != 1)
            {
                throw new ArgumentException($"{op}: shapes {a} and {b} cannot be broadcast together (axis {i}: {da} vs {db}).");
            }

            dims[i] = da == 1 ? db : da;
        }

        return new Shape(dims, validated: true);
    }

    /// <inheritdoc/>
    public bool Equals(Shape? other) => other is not null && _dims.AsSpan().SequenceEqual(other._dims);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Shape s && Equals(s);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var d in _dims)
        {
            h.Add(d);
        }

        return h.ToHashCode();
    }

    /// <summary>Shapes are equal when their dimensions are.</summary>
    public static bool operator ==(Shape? a, Shape? b) => a is null ? b is null : a.Equals(b);

    /// <summary>Shapes differ when their dimensions do.</summary>
    public static bool operator !=(Shape? a, Shape? b) => !(a == b);

    /// <summary>Converts dimensions to a shape.</summary>
    public static implicit operator Shape(int[] dims) => new(dims);

    /// <inheritdoc/>
    public IEnumerator<int> GetEnumerator() => ((IEnumerable<int>)_dims).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _dims.GetEnumerator();

    /// <summary>Formats as <c>[2, 3]</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder("[");
        for (var i = 0; i < _dims.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            sb.Append(_dims[i]);
        }

        return sb.Append(']').ToString();
    }
}
