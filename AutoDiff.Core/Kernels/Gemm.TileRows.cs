namespace AutoDiff.Kernels;

public static unsafe partial class Gemm
{
    /// <summary>
    /// A register-tile height fixed at compile time: the micro-kernels are generic over it, so the JIT compiles one
    /// body per height with the rows past it removed (one kernel source serves every height and vector width).
    /// </summary>
    private interface ITileRows
    {
        /// <summary>Rows of the tile.</summary>
        static abstract int Count { get; }
    }

    /// <summary>A 2-row tile (edges on 128- and 256-bit vectors).</summary>
    private readonly struct Rows2 : ITileRows
    {
        public static int Count => 2;
    }

    /// <summary>A 4-row tile (edges on every width).</summary>
    private readonly struct Rows4 : ITileRows
    {
        public static int Count => 4;
    }

    /// <summary>A 6-row tile (the full tile on 128- and 256-bit vectors).</summary>
    private readonly struct Rows6 : ITileRows
    {
        public static int Count => 6;
    }

    /// <summary>An 8-row tile (edges on 512-bit vectors).</summary>
    private readonly struct Rows8 : ITileRows
    {
        public static int Count => 8;
    }

    /// <summary>A 12-row tile (the full tile on 512-bit vectors).</summary>
    private readonly struct Rows12 : ITileRows
    {
        public static int Count => 12;
    }
}
