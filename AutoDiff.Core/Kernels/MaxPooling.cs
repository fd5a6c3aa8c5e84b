using System.Numerics;

namespace AutoDiff.Kernels;

/// <summary>
/// Max pooling of NCHW images over KH×KW windows (no padding), and the two linear maps its derivatives need: every
/// window's value is that of its argmax, the first maximum in row-major order within the window, a NaN beating every
/// number (as in PyTorch, which takes the last NaN where we take the first), so
/// <see cref="Select"/> reads another tensor at the argmaxes and <see cref="Scatter"/> adds into them. Planes are
/// spread over threads; each plane is computed the same way on any thread. The 2×2 stride-2 window has its own
/// vector loops (MaxPooling.Window2x2.cs).
/// </summary>
internal static unsafe partial class MaxPooling
{
    /// <summary>Below this many input elements the work stays on the calling thread.</summary>
    private const int ParallelElements = 1 << 16;

    private enum Mode
    {
        Forward,
        Select,
        Scatter,
    }

    private struct Job
    {
        public void* X;
        public void* V;
        public void* Y;
        public ConvGeometry G;
        public int PlanesPerPart;
        public Mode Mode;
    }

    /// <summary>y[n, c, oh, ow] = max over the window of x; x [N, C, H, W], y [N, C, OH, OW].</summary>
    public static void Forward<T>(ReadOnlySpan<T> x, Span<T> y, ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Run(x, x, y, g, Mode.Forward);

    /// <summary>y[n, c, oh, ow] = v at the argmax of x in the window; x and v [N, C, H, W].</summary>
    public static void Select<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> v, Span<T> y, ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Run(x, v, y, g, Mode.Select);

    /// <summary>z = 0, then z[argmax of x in window o] += gy[o]; x and z [N, C, H, W], gy [N, C, OH, OW] (the adjoint of <see cref="Select"/>).</summary>
    public static void Scatter<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gradOutput, Span<T> z, ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Run(x, gradOutput, z, g, Mode.Scatter);

    private static void Run<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> v, Span<T> y, ConvGeometry g, Mode mode)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int planes = g.N * g.C;
        int image = planes * g.H * g.W;
        int pooled = planes * g.L;
        bool scatter = mode == Mode.Scatter;
        if (x.Length != image || v.Length != (scatter ? pooled : image) || y.Length != (scatter ? image : pooled))
        {
            throw new ArgumentException($"MaxPool2d: spans of {x.Length}, {v.Length} and {y.Length} elements do not fit the geometry {g}.");
        }

        if (g.PH != 0 || g.PW != 0)
        {
            throw new ArgumentException($"MaxPool2d: padding is not supported (geometry {g}).");
        }

        int threads = image >= ParallelElements ? Parallelism.ThreadCount : 1;
        int parts = Math.Min(planes, threads * 4);
        fixed (T* px = x)
        fixed (T* pv = v)
        fixed (T* py = y)
        {
            var job = new Job { X = px, V = pv, Y = py, G = g, PlanesPerPart = (planes + parts - 1) / parts, Mode = mode };
            parts = (planes + job.PlanesPerPart - 1) / job.PlanesPerPart;
            WorkerPool.Run(&Part<T>, &job, parts, threads);
        }
    }

    private static void Part<T>(void* state, int part)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref readonly Job job = ref *(Job*)state;
        var g = job.G;
        int first = part * job.PlanesPerPart;
        int end = Math.Min(g.N * g.C, first + job.PlanesPerPart);
        int image = g.H * g.W;
        int pooled = g.L;
        bool fast = g.KH == 2 && g.KW == 2 && g.SH == 2 && g.SW == 2;
        for (int p = first; p < end; p++)
        {
            T* x = (T*)job.X + ((nint)p * image);
            switch (job.Mode)
            {
                case Mode.Forward when fast:
                    Forward2x2(x, (T*)job.Y + ((nint)p * pooled), g);
                    break;
                case Mode.Scatter when fast:
                    // Every element of the plane is written: the windows' argmaxes get the gradient, the rest zero.
                    Scatter2x2(x, (T*)job.V + ((nint)p * pooled), (T*)job.Y + ((nint)p * image), g);
                    break;
                case Mode.Scatter:
                    T* z = (T*)job.Y + ((nint)p * image);
                    new Span<T>(z, image).Clear();
                    Plane(x, (T*)job.V + ((nint)p * pooled), z, g, job.Mode);
                    break;
                case Mode.Select when fast:
                    Select2x2(x, (T*)job.V + ((nint)p * image), (T*)job.Y + ((nint)p * pooled), g);
                    break;
                default:
                    Plane(x, (T*)job.V + ((nint)p * image), (T*)job.Y + ((nint)p * pooled), g, job.Mode);
                    break;
            }
        }
    }

    /// <summary>One plane in any mode, finding each window's argmax.</summary>
    private static void Plane<T>(T* x, T* v, T* y, in ConvGeometry g, Mode mode)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = g.W;
        for (int i = 0; i < g.OH; i++)
        {
            for (int j = 0; j < g.OW; j++)
            {
                nint at = ((nint)i * g.SH * w) + (j * g.SW);
                T best = x[at];
                for (int a = 0; a < g.KH; a++)
                {
                    for (int b = 0; b < g.KW; b++)
                    {
                        nint k = ((nint)((i * g.SH) + a) * w) + (j * g.SW) + b;
                        T value = x[k];
                        if (value > best || (T.IsNaN(value) && !T.IsNaN(best)))
                        {
                            best = value;
                            at = k;
                        }
                    }
                }

                int o = (i * g.OW) + j;
                switch (mode)
                {
                    case Mode.Forward:
                        y[o] = best;
                        break;
                    case Mode.Select:
                        y[o] = v[at];
                        break;
                    default:
                        y[at] += v[o];
                        break;
                }
            }
        }
    }
}
