namespace AutoDiff.Bench.Cli;

/// <summary>Bad usage found after parsing (missing data set, unwritable folder, checkpoint that does not fit): exit code 2.</summary>
public sealed class UsageException : Exception
{
    /// <summary>Creates the exception with its one-line message.</summary>
    public UsageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its one-line message and the error behind it.</summary>
    public UsageException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public UsageException()
        : base("bad usage")
    {
    }
}
