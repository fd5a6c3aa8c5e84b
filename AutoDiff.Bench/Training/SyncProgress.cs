namespace AutoDiff.Bench.Training;

/// <summary>An <see cref="IProgress{T}"/> that calls its handler on the reporting thread, at once (unlike <see cref="Progress{T}"/>, which posts).</summary>
public sealed class SyncProgress<T>(Action<T> handler) : IProgress<T>
{
    /// <inheritdoc/>
    public void Report(T value) => handler(value);
}
