using AutoDiff.Linalg;

namespace AutoDiff.Tests.Linalg;

public sealed class CurvatureTests
{
    [Fact]
    public void Summarize_IndefiniteSpectrum_SaddleWithNegativeCountAndCitedResiduals()
    {
        const int n = 500;
        var lambda = KnownSpectrum.ManyRepeatsAndZeros(n);
        var op = SpectrumFixture.Rotated(lambda, seed: 41);
        var summary = Curvature.Summarize(op, new CurvatureOptions { Top = 5, Bottom = 3, DensityProbes = 10, DensitySteps = 60, TraceSamples = 60, LearningRate = 0.05, Seed = 42 });
        Assert.Equal(CurvatureVerdict.Saddle, summary.Verdict);
        Assert.Equal(100, summary.LambdaMax, 8);
        Assert.Equal(-9, summary.LambdaMin, 8);
        Assert.Null(summary.ConditionNumber);
        Assert.Contains(summary.Reasons, r => r.Contains("residual", StringComparison.Ordinal) && r.Contains("λmin", StringComparison.Ordinal));
        Assert.Equal(0.02, summary.LearningRateBound, 12);
        Assert.False(summary.LearningRateStable);
        var negatives = lambda.Count(x => x < 0);
        Assert.InRange(summary.NegativeCount!.Value, negatives - (0.08 * n), negatives + (0.08 * n));
        Assert.InRange(lambda.Sum(), summary.Trace!.Value - (4 * summary.TraceStandardError!.Value), summary.Trace.Value + (4 * summary.TraceStandardError.Value));
        Assert.Equal(400, summary.DensityLambda.Count);
        var integral = 0.0;
        for (var i = 1; i < summary.DensityLambda.Count; i++)
        {
            integral += 0.5 * (summary.DensityValues[i] + summary.DensityValues[i - 1]) * (summary.DensityLambda[i] - summary.DensityLambda[i - 1]);
        }

        Assert.Equal(1.0, integral, 2);
    }

    [Fact]
    public void Summarize_PositiveDefinite_MinimumWithConditionNumber()
    {
        var lambda = Enumerable.Range(0, 300).Select(i => 0.5 + (i % 17) + (i == 0 ? 50 : 0)).ToArray();
        var summary = Curvature.Summarize(SpectrumFixture.Rotated(lambda, seed: 43), new CurvatureOptions { LearningRate = 0.01 });
        Assert.Equal(CurvatureVerdict.Minimum, summary.Verdict);
        Assert.Equal(lambda.Max() / lambda.Min(), summary.ConditionNumber!.Value, 6);
        Assert.True(summary.LearningRateStable);
        Assert.Equal(0.0, summary.NegativeFraction!.Value, 12);
        Assert.True(summary.Applications > summary.Extremes.Steps);
    }

    [Fact]
    public void Summarize_StepLimitTooSmall_Inconclusive()
    {
        var lambda = Enumerable.Range(0, 400).Select(i => Math.Sin(i) * 3).ToArray();
        var summary = Curvature.Summarize(SpectrumFixture.Rotated(lambda, seed: 44), new CurvatureOptions { MaxSteps = 12, DensityProbes = 0 });
        Assert.False(summary.Extremes.Converged);
        Assert.NotEqual(CurvatureVerdict.Minimum, summary.Verdict);
    }
}
