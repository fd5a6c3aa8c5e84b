namespace AutoDiff.Kernels;

/// <summary>The work of <see cref="Parallelism.ForRanges{TBody}(int, TBody)"/>: a struct, so that calls allocate nothing.</summary>
internal interface IRangeBody
{
    /// <summary>Processes the elements [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>).</summary>
    void Run(int start, int count);
}
