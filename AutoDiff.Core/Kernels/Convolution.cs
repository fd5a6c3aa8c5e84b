using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoDiff.Kernels;

/// <summary>
/// 2-D convolution (cross-correlation, as in PyTorch) of NCHW images with weights [O, C, KH, KW], and its two
/// adjoints, on raw spans. Each image is unfolded into a column matrix [C·KH·KW, OH·OW] in a per-thread buffer that
/// stays in cache, and the packed GEMM does the arithmetic:
/// <list type="bullet">
/// <item>forward: y[n] = W·cols(x[n]) + b, written NCHW directly, the bias filled in before the GEMM accumulates;</item>
/// <item>input gradient: x̄[n] = col2im(Wᵀ·ȳ[n]);</item>
/// <item>weight gradient: W̄ = Σₙ ȳ[n]·cols(x[n])ᵀ, as W̄ᵀ = Σₙ cols(x[n])·ȳ[n]ᵀ.</item>
/// </list>
/// A 1×1 kernel with stride 1 and no padding skips the unfolding (the image is its own column matrix).
/// </summary>
/// <remarks>
/// Images are spread over <see cref="Parallelism.ThreadCount"/> threads by <see cref="WorkerPool"/>. Every image's
/// result is computed the same way whichever thread runs it; the weight gradient sums over a fixed number of image
/// groups (<see cref="WeightGroups"/>) and then adds the groups in order, so no result bit depends on the thread count.
/// </remarks>
internal static unsafe class Convolution
{
    /// <summary>Below this many multiply-adds per call the work stays on the calling thread.</summary>
    private const long ParallelWork = 1L << 18;

    /// <summary>The number of image groups whose weight gradients are summed separately and then added in order.</summary>
    private const int WeightGroups = 8;

    /// <summary>One call's operands, shared with the worker threads.</summary>
    private struct Job
    {
        public void* X;
        public void* W;
        public void* B;
        public void* Y;
        public void* Partials;
        public ConvGeometry G;
        public int O;
        public int Groups;
    }

    /// <summary>y = conv(x, w) + b: x [N, C, H, W], w [O, C, KH, KW], bias [O] or empty, y [N, O, OH, OW].</summary>
    public static void Forward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> weight, ReadOnlySpan<T> bias, Span<T> y, ConvGeometry g, int outChannels)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(x.Length, weight.Length, y.Length, g, outChannels);
        if (!bias.IsEmpty && bias.Length != outChannels)
        {
            throw new ArgumentException($"Conv2d: bias has {bias.Length} elements for {outChannels} output channels.", nameof(bias));
        }

        fixed (T* px = x)
        fixed (T* pw = weight)
        fixed (T* pb = bias)
        fixed (T* py = y)
        {
            var job = new Job { X = px, W = pw, B = bias.IsEmpty ? null : pb, Y = py, G = g, O = outChannels };
            WorkerPool.Run(&ForwardImage<T>, &job, g.N, Threads(g, outChannels));
        }
    }

    /// <summary>x̄ = convᵀ(ȳ, w): the adjoint of <see cref="Forward"/> in x; ȳ [N, O, OH, OW], x̄ [N, C, H, W] (overwritten).</summary>
    public static void BackwardInput<T>(ReadOnlySpan<T> gradOutput, ReadOnlySpan<T> weight, Span<T> gradInput, ConvGeometry g, int outChannels)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(gradInput.Length, weight.Length, gradOutput.Length, g, outChannels);
        fixed (T* pgy = gradOutput)
        fixed (T* pw = weight)
        fixed (T* pgx = gradInput)
        {
            var job = new Job { X = pgx, W = pw, Y = pgy, G = g, O = outChannels };
            WorkerPool.Run(&BackwardInputImage<T>, &job, g.N, Threads(g, outChannels));
        }
    }

    /// <summary>W̄ = Σₙ ȳ[n]·cols(x[n])ᵀ: the adjoint of <see cref="Forward"/> in w; W̄ [O, C, KH, KW] (overwritten).</summary>
    public static void BackwardWeight<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gradOutput, Span<T> gradWeight, ConvGeometry g, int outChannels)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(x.Length, gradWeight.Length, gradOutput.Length, g, outChannels);
        int patch = g.Patch;
        int groups = Math.Min(WeightGroups, g.N);
        int size = patch * outChannels;
        T* partials = Scratch<T>.Partials(groups * size);
        fixed (T* px = x)
        fixed (T* pgy = gradOutput)
        {
            var job = new Job { X = px, Y = pgy, Partials = partials, G = g, O = outChannels, Groups = groups };
            WorkerPool.Run(&BackwardWeightGroup<T>, &job, groups, Threads(g, outChannels));
        }

        // W̄[o, q] = Σ_groups partial[q, o], the groups added in order.
        for (int o = 0; o < outChannels; o++)
        {
            Span<T> row = gradWeight.Slice(o * patch, patch);
            for (int q = 0; q < patch; q++)
            {
                T sum = partials[(q * outChannels) + o];
                for (int p = 1; p < groups; p++)
                {
                    sum += partials[((nint)p * size) + (q * outChannels) + o];
                }

                row[q] = sum;
            }
        }
    }

    private static void Check(int xLength, int wLength, int yLength, ConvGeometry g, int outChannels)
    {
        if (xLength != g.N * g.C * g.H * g.W || wLength != outChannels * g.Patch || yLength != g.N * outChannels * g.L)
        {
            throw new ArgumentException(
                $"Conv2d: spans of {xLength}, {wLength} and {yLength} elements do not fit the geometry {g} with {outChannels} output channels.");
        }
    }

    private static int Threads(ConvGeometry g, int outChannels)
        => (long)g.N * g.L * g.Patch * outChannels >= ParallelWork ? Parallelism.ThreadCount : 1;

    /// <summary>Whether the image is its own column matrix (1×1 kernel, stride 1, no padding).</summary>
    private static bool IsPointwise(in ConvGeometry g) => g.KH == 1 && g.KW == 1 && g.SH == 1 && g.SW == 1 && g.PH == 0 && g.PW == 0;

    private static void ForwardImage<T>(void* state, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref readonly Job job = ref *(Job*)state;
        var g = job.G;
        int o = job.O;
        int l = g.L;
        int patch = g.Patch;
        T* x = (T*)job.X + ((nint)n * g.C * g.H * g.W);
        T* y = (T*)job.Y + ((nint)n * o * l);
        T* cols = x;
        if (!IsPointwise(g))
        {
            cols = Scratch<T>.Columns(patch * l);
            ToColumns(x, cols, g);
        }

        bool hasBias = job.B is not null;
        if (hasBias)
        {
            for (int r = 0; r < o; r++)
            {
                new Span<T>(y + ((nint)r * l), l).Fill(((T*)job.B)[r]);
            }
        }

        Gemm.Multiply<T>(new ReadOnlySpan<T>(job.W, o * patch), new ReadOnlySpan<T>(cols, patch * l), new Span<T>(y, o * l),
            o, l, patch, accumulate: hasBias, maxThreads: 1);
    }

    private static void BackwardInputImage<T>(void* state, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref readonly Job job = ref *(Job*)state;
        var g = job.G;
        int o = job.O;
        int l = g.L;
        int patch = g.Patch;
        int imageSize = g.C * g.H * g.W;
        T* gx = (T*)job.X + ((nint)n * imageSize);
        T* gy = (T*)job.Y + ((nint)n * o * l);
        bool pointwise = IsPointwise(g);
        T* cols = pointwise ? gx : Scratch<T>.Columns(patch * l);
        Gemm.Multiply<T>(new ReadOnlySpan<T>(job.W, o * patch), new ReadOnlySpan<T>(gy, o * l), new Span<T>(cols, patch * l),
            patch, l, o, transA: true, maxThreads: 1);
        if (!pointwise)
        {
            new Span<T>(gx, imageSize).Clear();
            AddColumns(cols, gx, g);
        }
    }

    private static void BackwardWeightGroup<T>(void* state, int group)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref readonly Job job = ref *(Job*)state;
        var g = job.G;
        int o = job.O;
        int l = g.L;
        int patch = g.Patch;
        T* partial = (T*)job.Partials + ((nint)group * patch * o);
        int first = (int)((long)g.N * group / job.Groups);
        int end = (int)((long)g.N * (group + 1) / job.Groups);
        bool pointwise = IsPointwise(g);
        T* cols = pointwise ? null : Scratch<T>.Columns(patch * l);
        for (int n = first; n < end; n++)
        {
            T* x = (T*)job.X + ((nint)n * g.C * g.H * g.W);
            if (pointwise)
            {
                cols = x;
            }
            else
            {
                ToColumns(x, cols, g);
            }

            T* gy = (T*)job.Y + ((nint)n * o * l);
            Gemm.Multiply<T>(new ReadOnlySpan<T>(cols, patch * l), new ReadOnlySpan<T>(gy, o * l), new Span<T>(partial, patch * o),
                patch, o, l, transB: true, accumulate: n != first, maxThreads: 1);
        }
    }

    /// <summary>
    /// Unfolds one image [C, H, W] into cols [C·KH·KW, OH·OW]: row (c, i, j) holds x[c, oh·SH − PH + i, ow·SW − PW + j]
    /// over the output positions, zero where the window hangs over the padding. With stride 1 each output row of a
    /// column row is one shifted copy of an image row.
    /// </summary>
    internal static void ToColumns<T>(T* image, T* cols, in ConvGeometry g)
        where T : unmanaged
    {
        int oh = g.OH;
        int ow = g.OW;
        int l = oh * ow;
        for (int c = 0; c < g.C; c++)
        {
            T* plane = image + ((nint)c * g.H * g.W);
            for (int i = 0; i < g.KH; i++)
            {
                for (int j = 0; j < g.KW; j++)
                {
                    T* row = cols + ((nint)((((c * g.KH) + i) * g.KW) + j) * l);
                    int shift = j - g.PW;
                    // Output columns [lo, hi) read inside the image: 0 ≤ ow·SW + shift < W.
                    int lo = shift >= 0 ? 0 : Math.Min(ow, (-shift + g.SW - 1) / g.SW);
                    int hi = Math.Max(lo, Math.Min(ow, ((g.W - 1 - shift) / g.SW) + 1));
                    if (g.W - 1 - shift < 0)
                    {
                        hi = lo;
                    }

                    for (int y = 0; y < oh; y++)
                    {
                        T* dst = row + ((nint)y * ow);
                        int h = (y * g.SH) - g.PH + i;
                        if ((uint)h >= (uint)g.H)
                        {
                            new Span<T>(dst, ow).Clear();
                            continue;
                        }

                        T* src = plane + ((nint)h * g.W) + shift;
                        new Span<T>(dst, lo).Clear();
                        if (g.SW == 1)
                        {
                            new ReadOnlySpan<T>(src + lo, hi - lo).CopyTo(new Span<T>(dst + lo, hi - lo));
                        }
                        else
                        {
                            for (int x = lo; x < hi; x++)
                            {
                                dst[x] = src[(nint)x * g.SW];
                            }
                        }

                        new Span<T>(dst + hi, ow - hi).Clear();
                    }
                }
            }
        }
    }

    /// <summary>The adjoint of <see cref="ToColumns"/>: adds every column value into the image pixel it was read from.</summary>
    internal static void AddColumns<T>(T* cols, T* image, in ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int oh = g.OH;
        int ow = g.OW;
        int l = oh * ow;
        for (int c = 0; c < g.C; c++)
        {
            T* plane = image + ((nint)c * g.H * g.W);
            for (int i = 0; i < g.KH; i++)
            {
                for (int j = 0; j < g.KW; j++)
                {
                    T* row = cols + ((nint)((((c * g.KH) + i) * g.KW) + j) * l);
                    int shift = j - g.PW;
                    int lo = shift >= 0 ? 0 : Math.Min(ow, (-shift + g.SW - 1) / g.SW);
                    int hi = Math.Max(lo, Math.Min(ow, ((g.W - 1 - shift) / g.SW) + 1));
                    if (g.W - 1 - shift < 0)
                    {
                        hi = lo;
                    }

                    for (int y = 0; y < oh; y++)
                    {
                        int h = (y * g.SH) - g.PH + i;
                        if ((uint)h >= (uint)g.H)
                        {
                            continue;
                        }

                        T* src = row + ((nint)y * ow);
                        T* dst = plane + ((nint)h * g.W) + shift;
                        if (g.SW == 1)
                        {
                            AddInPlace(new ReadOnlySpan<T>(src + lo, hi - lo), new Span<T>(dst + lo, hi - lo));
                        }
                        else
                        {
                            for (int x = lo; x < hi; x++)
                            {
                                dst[(nint)x * g.SW] += src[x];
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>destination[i] += source[i].</summary>
    private static void AddInPlace<T>(ReadOnlySpan<T> source, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var from = MemoryMarshal.Cast<T, Vector<T>>(source);
            var to = MemoryMarshal.Cast<T, Vector<T>>(destination);
            for (; i < from.Length; i++)
            {
                to[i] += from[i];
            }

            i *= Vector<T>.Count;
        }

        for (; i < source.Length; i++)
        {
            destination[i] += source[i];
        }
    }

    /// <summary>Per-thread scratch buffers, allocated once on the pinned heap and reused.</summary>
    private static class Scratch<T>
        where T : unmanaged
    {
        [ThreadStatic]
        private static T[]? t_columns;

        [ThreadStatic]
        private static T[]? t_partials;

        /// <summary>A buffer of at least <paramref name="count"/> elements for one image's columns.</summary>
        public static T* Columns(int count) => Get(ref t_columns, count);

        /// <summary>A buffer of at least <paramref name="count"/> elements for the weight-gradient groups.</summary>
        public static T* Partials(int count) => Get(ref t_partials, count);

        private static T* Get(ref T[]? array, int count)
        {
            if (array is null || array.Length < count)
            {
                array = GC.AllocateUninitializedArray<T>((int)Math.Min(BitOperations.RoundUpToPowerOf2((uint)count), (uint)Array.MaxLength), pinned: true);
            }

            return (T*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        }
    }
}
