using System.Globalization;
using System.Text;

namespace AutoDiff;

public sealed partial class Tensor
{
    private const int EdgeItems = 3;
    private const int SummariseAbove = 1000;

    /// <summary>
    /// Formats like PyTorch: nested brackets, and for large tensors only the first and last three entries of
    /// each axis with "..." between; then the shape, dtype and gradient status.
    /// </summary>
    public override string ToString()
    {
        var sb = new StringBuilder("tensor(");
        if (IsReleased)
        {
            sb.Append("<released>");
        }
        else
        {
            AppendAxis(sb, 0, 0, indent: 7, summarise: Size > SummariseAbove);
        }

        sb.Append(", shape=").Append(Shape).Append(", dtype=").Append(DType);
        if (AutodiffState?.ToString() is { Length: > 0 } state)
        {
            sb.Append(", ").Append(state);
        }

        return sb.Append(')').ToString();
    }

    private void AppendAxis(StringBuilder sb, int axis, int offset, int indent, bool summarise)
    {
        if (Rank == 0)
        {
            sb.Append(FormatValue(GetFlat(0)));
            return;
        }

        var n = Shape[axis];
        var stride = 1;
        for (var i = axis + 1; i < Rank; i++)
        {
            stride *= Shape[i];
        }

        sb.Append('[');
        for (var i = 0; i < n; i++)
        {
            if (summarise && n > 2 * EdgeItems && i == EdgeItems)
            {
                sb.Append("..., ");
                if (axis < Rank - 1)
                {
                    sb.Append('\n').Append(' ', indent + axis + 1);
                }

                i = n - EdgeItems;
            }

            if (axis == Rank - 1)
            {
                sb.Append(FormatValue(GetFlat(offset + i)));
            }
            else
            {
                AppendAxis(sb, axis + 1, offset + (i * stride), indent, summarise);
            }

            if (i < n - 1)
            {
                sb.Append(',');
                if (axis < Rank - 1)
                {
                    sb.Append('\n').Append(' ', indent + axis + 1);
                }
                else
                {
                    sb.Append(' ');
                }
            }
        }

        sb.Append(']');
    }

    private string FormatValue(double v)
        => DType == DType.Float32
            ? ((float)v).ToString("G6", CultureInfo.InvariantCulture)
            : v.ToString("G8", CultureInfo.InvariantCulture);
}
