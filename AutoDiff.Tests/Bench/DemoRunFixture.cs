namespace AutoDiff.Tests.Bench;

/// <summary>One <c>autodiff demo --quick</c> run shared by the demo tests (and the browser test).</summary>
public sealed class DemoRunFixture : IDisposable
{
    private readonly TempFolder _folder = new();

    /// <summary>Runs the demo into a fresh folder.</summary>
    public DemoRunFixture()
    {
        Run = CliRun.Invoke("demo", "--quick", "--out", Folder);
    }

    /// <summary>The report folder.</summary>
    public string Folder => _folder["out"];

    /// <summary>The run.</summary>
    public CliRun Run { get; }

    /// <summary>The sections every demo report has.</summary>
    public static string[] Sections { get; } = ["checks", "training-curve", "optimisation", "curvature-init", "curvature-final", "step-size"];

    /// <summary>The plots every demo report has.</summary>
    public static string[] Plots { get; } = ["loss", "accuracy", "learning-rate", "grad-norm", "update-ratio", "curvature-init-density", "curvature-final-density"];

    /// <inheritdoc/>
    public void Dispose() => _folder.Dispose();
}
