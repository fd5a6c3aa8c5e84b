namespace AutoDiff.Bench.Cli;

/// <summary>The process exit codes of every <c>autodiff</c> command.</summary>
public static class ExitCodes
{
    /// <summary>The run finished and every check passed.</summary>
    public const int Success = 0;

    /// <summary>The run failed (a check failed, training diverged, an I/O error) or was interrupted.</summary>
    public const int Failure = 1;

    /// <summary>Bad usage: an unknown option, a value out of range, a missing data set or an unwritable folder.</summary>
    public const int Usage = 2;
}
