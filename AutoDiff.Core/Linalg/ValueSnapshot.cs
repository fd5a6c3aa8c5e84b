using System.Runtime.InteropServices;

namespace AutoDiff.Linalg;

/// <summary>
/// A copy of some tensors' values, to tell cheaply (one memory comparison, far below one HVP) whether they changed
/// since: how a curvature operator knows that its linearisation still describes the current point.
/// </summary>
internal sealed class ValueSnapshot(IReadOnlyList<Tensor> tensors)
{
    private readonly Tensor[] _tensors = [.. tensors];
    private byte[][]? _copies;

    /// <summary>Whether <see cref="Take"/> was called and every tensor still holds the values it copied, bit for bit.</summary>
    public bool Matches()
    {
        if (_copies is null)
        {
            return false;
        }

        for (var i = 0; i < _tensors.Length; i++)
        {
            if (!Bytes(_tensors[i]).SequenceEqual(_copies[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Copies the current values.</summary>
    public void Take()
    {
        _copies ??= _tensors.Select(t => new byte[Bytes(t).Length]).ToArray();
        for (var i = 0; i < _tensors.Length; i++)
        {
            var bytes = Bytes(_tensors[i]);
            if (bytes.Length != _copies[i].Length)
            {
                _copies[i] = new byte[bytes.Length];
            }

            bytes.CopyTo(_copies[i]);
        }
    }

    /// <summary>Forgets the copies: the next <see cref="Matches"/> is false.</summary>
    public void Clear() => _copies = null;

    private static ReadOnlySpan<byte> Bytes(Tensor t)
        => t.DType == DType.Float64 ? MemoryMarshal.AsBytes(t.AsSpan<double>()) : MemoryMarshal.AsBytes(t.AsSpan<float>());
}
