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
/// Several images share one GEMM call (their columns side by side), so the product is wide and the weights are
/// packed once per group.
/// </summary>
/// <remarks>
/// Image groups are spread over <see cref="Parallelism.ThreadCount"/> threads by <see cref="WorkerPool"/>. Every
/// group's result is computed the same way whichever thread runs it; the weight gradient sums over a fixed number of
/// parts (<see cref="WeightParts"/>) and then adds the parts in order, so no result bit depends on the thread count.
/// </remarks>
internal static unsafe class Convolution
{
    /// <summary>Below this many multiply-adds per call the work stays on the calling thread.</summary>
    private const long ParallelWork = 1L << 18;

    /// <summary>The most parts whose weight gradients are summed separately and then added in order.</summary>
    private const int WeightParts = 8;

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
        public int GroupSize;
        public int Groups;
        public int Parts;
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
            var job = NewJob<T>(g, outChannels);
            job.X = px;
            job.W = pw;
            job.B = bias.IsEmpty ? null : pb;
            job.Y = py;
            WorkerPool.Run(&ForwardGroup<T>, &job, job.Groups, Threads(g, outChannels));
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
            var job = NewJob<T>(g, outChannels);
            job.X = pgx;
            job.W = pw;
            job.Y = pgy;
            WorkerPool.Run(&BackwardInputGroup<T>, &job, job.Groups, Threads(g, outChannels));
        }
    }

    /// <summary>W̄ = Σₙ ȳ[n]·cols(x[n])ᵀ: the adjoint of <see cref="Forward"/> in w; W̄ [O, C, KH, KW] (overwritten).</summary>
    public static void BackwardWeight<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gradOutput, Span<T> gradWeight, ConvGeometry g, int outChannels)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(x.Length, gradWeight.Length, gradOutput.Length, g, outChannels);
        int patch = g.Patch;
        int size = patch * outChannels;
        var job = NewJob<T>(g, outChannels);
        job.Parts = Math.Min(WeightParts, job.Groups);
        T* partials = Scratch<T>.Partials(job.Parts * size);
        fixed (T* px = x)
        fixed (T* pgy = gradOutput)
        {
            job.X = px;
            job.Y = pgy;
            job.Partials = partials;
            WorkerPool.Run(&BackwardWeightPart<T>, &job, job.Parts, Threads(g, outChannels));
        }

        // W̄[o, q] = Σ_parts partial[q, o], the parts added in order.
        for (int o = 0; o < outChannels; o++)
        {
            Span<T> row = gradWeight.Slice(o * patch, patch);
            for (int q = 0; q < patch; q++)
            {
                T sum = partials[(q * outChannels) + o];
                for (int p = 1; p < job.Parts; p++)
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

    /// <summary>
    /// Splits the batch into groups of images whose columns [C·KH·KW, images·OH·OW] fill about half of L2, so one GEMM
    /// call covers several images (a wide, well-tiled product; the weights packed once per group). The grouping
    /// depends on the geometry and the cache, never on the thread count.
    /// </summary>
    private static Job NewJob<T>(ConvGeometry g, int outChannels)
        where T : unmanaged
    {
        int rows = Math.Clamp(CacheSizes.L2 / 2 / (Math.Max(g.Patch, outChannels) * sizeof(T)), 64, 1 << 14);
        int groupSize = Math.Clamp((rows + g.L - 1) / g.L, 1, Math.Max(1, g.N));
        return new Job { G = g, O = outChannels, GroupSize = groupSize, Groups = (g.N + groupSize - 1) / groupSize };
    }

    /// <summary>The images [first, first + count) of group <paramref name="group"/>.</summary>
    private static (int First, int Count) Images(in Job job, int group)
    {
        int first = group * job.GroupSize;
        return (first, Math.Min(job.GroupSize, job.G.N - first));
    }

    private static void ForwardGroup<T>(void* state, int group)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref readonly Job job = ref *(Job*)state;
        var g = job.G;
        int o = job.O;
        int l = g.L;
        int patch = g.Patch;
        var (first, count) = Images(job, group);
        int width = count * l;
        T* cols = Scratch<T>.Columns(patch * width);
        T* product = Scratch<T>.Rows(o * width);
        for (int i = 0; i < count; i++)
        {
            ToColumns((T*)job.X + ((nint)(first + i) * g.C * g.H * g.W), cols + ((nint)i * l), width, g);
        }

        // [O, images·L] = W·cols; the bias is written first and the GEMM accumulates onto it.
        T* bias = (T*)job.B;
        for (int r = 0; r < o; r++)
        {
            new Span<T>(product + ((nint)r * width), width).Fill(bias is null ? T.Zero : bias[r]);
        }

        Gemm.Multiply<T>(new ReadOnlySpan<T>(job.W, o * patch), new ReadOnlySpan<T>(cols, patch * width), new Span<T>(product, o * width),
            o, width, patch, accumulate: bias is not null, maxThreads: 1);
        for (int i = 0; i < count; i++)
        {
            T* y = (T*)job.Y + ((nint)(first + i) * o * l);
            for (int r = 0; r < o; r++)
            {
                new ReadOnlySpan<T>(product + ((nint)r * width) + ((nint)i * l), l).CopyTo(new Span<T>(y + ((nint)r * l), l));
            }
        }
    }

    /// <summary>Copies the output gradients of a group's images side by side: [O, images·L].</summary>
    private static T* GatherOutputs<T>(in Job job, int first, int count)
        where T : unmanaged
    {
        int o = job.O;
        int l = job.G.L;
        int width = count * l;
        T* rows = Scratch<T>.Rows(o * width);
        for (int i = 0; i < count; i++)
        {
            T* gy = (T*)job.Y + ((nint)(first + i) * o * l);
            for (int r = 0; r < o; r++)
            {
                new ReadOnlySpan<T>(gy + ((nint)r * l), l).CopyTo(new Span<T>(rows + ((nint)r * width) + ((nint)i * l), l));
            }
        }

        return rows;
    }

    private static void BackwardInputGroup<T>(void* state, int group)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref readonly Job job = ref *(Job*)state;
        var g = job.G;
        int o = job.O;
        int l = g.L;
        int patch = g.Patch;
        var (first, count) = Images(job, group);
        int width = count * l;
        T* gy = GatherOutputs<T>(job, first, count);
        T* cols = Scratch<T>.Columns(patch * width);
        Gemm.Multiply<T>(new ReadOnlySpan<T>(job.W, o * patch), new ReadOnlySpan<T>(gy, o * width), new Span<T>(cols, patch * width),
            patch, width, o, transA: true, maxThreads: 1);
        int imageSize = g.C * g.H * g.W;
        for (int i = 0; i < count; i++)
        {
            T* gx = (T*)job.X + ((nint)(first + i) * imageSize);
            new Span<T>(gx, imageSize).Clear();
            AddColumns(cols + ((nint)i * l), width, gx, g);
        }
    }

    private static void BackwardWeightPart<T>(void* state, int part)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref readonly Job job = ref *(Job*)state;
        var g = job.G;
        int o = job.O;
        int l = g.L;
        int patch = g.Patch;
        T* partial = (T*)job.Partials + ((nint)part * patch * o);
        int firstGroup = (int)((long)job.Groups * part / job.Parts);
        int endGroup = (int)((long)job.Groups * (part + 1) / job.Parts);
        for (int group = firstGroup; group < endGroup; group++)
        {
            var (first, count) = Images(job, group);
            int width = count * l;
            T* cols = Scratch<T>.Columns(patch * width);
            for (int i = 0; i < count; i++)
            {
                ToColumns((T*)job.X + ((nint)(first + i) * g.C * g.H * g.W), cols + ((nint)i * l), width, g);
            }

            T* gy = GatherOutputs<T>(job, first, count);
            Gemm.Multiply<T>(new ReadOnlySpan<T>(cols, patch * width), new ReadOnlySpan<T>(gy, o * width), new Span<T>(partial, patch * o),
                patch, o, width, transB: true, accumulate: group != firstGroup, maxThreads: 1);
        }
    }

    /// <summary>
    /// Unfolds one image [C, H, W] into cols [C·KH·KW, OH·OW] (rows <paramref name="stride"/> apart): row (c, i, j) holds x[c, oh·SH − PH + i, ow·SW − PW + j]
    /// over the output positions, zero where the window hangs over the padding. With stride 1 each output row of a
    /// column row is one shifted copy of an image row.
    /// </summary>
    internal static void ToColumns<T>(T* image, T* cols, int stride, in ConvGeometry g)
        where T : unmanaged
    {
        int oh = g.OH;
        int ow = g.OW;
        for (int c = 0; c < g.C; c++)
        {
            T* plane = image + ((nint)c * g.H * g.W);
            for (int i = 0; i < g.KH; i++)
            {
                for (int j = 0; j < g.KW; j++)
                {
                    T* row = cols + ((nint)((((c * g.KH) + i) * g.KW) + j) * stride);
                    int shift = j - g.PW;
                    if (SamePlane(g, shift))
                    {
                        CopyShiftedPlane(plane, row, i - g.PH, shift, g);
                        continue;
                    }

                    var (lo, hi) = InsideColumns(shift, g);

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

    /// <summary>The output columns [lo, hi) whose tap at column offset <paramref name="shift"/> reads inside the image: 0 ≤ ow·SW + shift &lt; W.</summary>
    private static (int Lo, int Hi) InsideColumns(int shift, in ConvGeometry g)
    {
        int lo = shift >= 0 ? 0 : Math.Min(g.OW, (-shift + g.SW - 1) / g.SW);
        int hi = g.W - 1 - shift < 0 ? lo : Math.Max(lo, Math.Min(g.OW, ((g.W - 1 - shift) / g.SW) + 1));
        return (lo, hi);
    }

    /// <summary>The adjoint of <see cref="ToColumns"/>: adds every column value into the image pixel it was read from.</summary>
    internal static void AddColumns<T>(T* cols, int stride, T* image, in ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int oh = g.OH;
        int ow = g.OW;
        for (int c = 0; c < g.C; c++)
        {
            T* plane = image + ((nint)c * g.H * g.W);
            for (int i = 0; i < g.KH; i++)
            {
                for (int j = 0; j < g.KW; j++)
                {
                    T* row = cols + ((nint)((((c * g.KH) + i) * g.KW) + j) * stride);
                    int shift = j - g.PW;
                    if (SamePlane(g, shift))
                    {
                        AddShiftedPlane(row, plane, i - g.PH, shift, g);
                        continue;
                    }

                    var (lo, hi) = InsideColumns(shift, g);

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

    /// <summary>
    /// Whether a column row is the image plane shifted as a whole: stride 1 and output rows as wide as image rows
    /// ("same" padding), so one contiguous copy serves all rows and only the wrapped edge columns need fixing.
    /// </summary>
    private static bool SamePlane(in ConvGeometry g, int shift)
        => g.SH == 1 && g.SW == 1 && g.OW == g.W && Math.Abs(shift) < g.W;

    /// <summary>
    /// Output rows [first, end) whose image row y + dy lies inside the image, and the column range [lo, hi) of a row
    /// whose image column x + dx does.
    /// </summary>
    private static (int First, int End, int Lo, int Hi) Inside(int dy, int dx, in ConvGeometry g)
    {
        int first = Math.Clamp(-dy, 0, g.OH);
        int end = Math.Max(first, Math.Min(g.OH, g.H - dy));
        return (first, end, Math.Max(0, -dx), g.W - Math.Max(0, dx));
    }

    /// <summary>row[y·W + x] = plane[(y + dy)·W + x + dx], zero outside the plane: one copy, then the edge columns.</summary>
    private static void CopyShiftedPlane<T>(T* plane, T* row, int dy, int dx, in ConvGeometry g)
        where T : unmanaged
    {
        int w = g.W;
        var (first, end, lo, hi) = Inside(dy, dx, g);
        new Span<T>(row, first * w).Clear();
        new Span<T>(row + ((nint)end * w), (g.OH - end) * w).Clear();
        if (end == first)
        {
            return;
        }

        // The run from (first, lo) to (end − 1, hi) is contiguous in both; the wrapped edge values it copies are
        // zeroed next.
        nint start = ((nint)first * w) + lo;
        int count = ((end - first) * w) - lo - (w - hi);
        new ReadOnlySpan<T>(plane + start + ((nint)dy * w) + dx, count).CopyTo(new Span<T>(row + start, count));
        for (int y = first; y < end; y++)
        {
            T* r = row + ((nint)y * w);
            for (int x = 0; x < lo; x++)
            {
                r[x] = default;
            }

            for (int x = hi; x < w; x++)
            {
                r[x] = default;
            }
        }
    }

    /// <summary>The adjoint of <see cref="CopyShiftedPlane"/>: zeroes the edge values of <paramref name="row"/> (scratch), then one contiguous add.</summary>
    private static void AddShiftedPlane<T>(T* row, T* plane, int dy, int dx, in ConvGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = g.W;
        var (first, end, lo, hi) = Inside(dy, dx, g);
        if (end == first)
        {
            return;
        }

        for (int y = first; y < end; y++)
        {
            T* r = row + ((nint)y * w);
            for (int x = 0; x < lo; x++)
            {
                r[x] = T.Zero;
            }

            for (int x = hi; x < w; x++)
            {
                r[x] = T.Zero;
            }
        }

        nint start = ((nint)first * w) + lo;
        int count = ((end - first) * w) - lo - (w - hi);
        AddInPlace(new ReadOnlySpan<T>(row + start, count), new Span<T>(plane + start + ((nint)dy * w) + dx, count));
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

        [ThreadStatic]
        private static T[]? t_rows;

        /// <summary>A buffer of at least <paramref name="count"/> elements for one image's columns.</summary>
        public static T* Columns(int count) => Get(ref t_columns, count);

        /// <summary>A buffer of at least <paramref name="count"/> elements for the weight-gradient groups.</summary>
        public static T* Partials(int count) => Get(ref t_partials, count);

        /// <summary>A buffer of at least <paramref name="count"/> elements for a group's outputs or output gradients.</summary>
        public static T* Rows(int count) => Get(ref t_rows, count);

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
