using AutoDiff.Optim;

namespace AutoDiff.Tests.Optim;

public sealed class ScheduleTests
{
    [Fact]
    public void Factories_MatchTheirFormulas()
    {
        for (var t = 0L; t < 40; t++)
        {
            Assert.Equal(0.3, Schedule.Constant(0.3).Value(t));
            Assert.Equal(0.1 * Math.Pow(0.5, t / 7), Schedule.Step(0.1, 7, 0.5).Value(t));
            Assert.Equal(0.1 * Math.Pow(0.1, (t >= 5 ? 1 : 0) + (t >= 20 ? 1 : 0)), Schedule.MultiStep(0.1, [20, 5]).Value(t), 15);
            Assert.Equal(0.1 * Math.Pow(0.9, t), Schedule.Exponential(0.1, 0.9).Value(t));
            Assert.Equal(0.1 / (1 + (0.5 * t)), Schedule.InverseTime(0.1, 0.5).Value(t));
            Assert.Equal(((0.1 - 0.01) * Math.Pow(1 - (Math.Min(t, 30) / 30.0), 2)) + 0.01, Schedule.Polynomial(0.1, 30, 2, 0.01).Value(t), 15);
            Assert.Equal(0.001 + (0.5 * (0.1 - 0.001) * (1 + Math.Cos(Math.PI * Math.Min(t, 25) / 25))), Schedule.CosineAnnealing(0.1, 25, 0.001).Value(t), 15);
        }
    }

    [Fact]
    public void CosineAnnealing_WarmRestarts_RestartsWithGrowingPeriods()
    {
        var s = Schedule.CosineAnnealing(1.0, 10, restart: true, periodMultiplier: 2);
        Assert.Equal(1.0, s.Value(0));
        Assert.Equal(1.0, s.Value(10));     // restart after 10
        Assert.Equal(1.0, s.Value(30));     // then after 20 more
        Assert.Equal(0.5 * (1 + Math.Cos(Math.PI * 5 / 20)), s.Value(15), 15);
    }

    [Fact]
    public void OneCycle_RisesToTheMaximumThenAnnealsToTheFinalValue()
    {
        var s = Schedule.OneCycle(1.0, 100, pctStart: 0.3, divFactor: 25, finalDivFactor: 1e4);
        Assert.Equal(1.0 / 25, s.Value(0), 15);
        Assert.Equal(1.0, s.Value(29), 15);         // end of phase 1: pct·total − 1
        Assert.Equal(1.0 / 25 / 1e4, s.Value(99), 15);
        var mid = 29 + (70 / 2.0);
        Assert.Equal((1.0 + (1.0 / 25 / 1e4)) / 2, s.Value((long)mid), 2);
    }

    [Fact]
    public void WarmUp_RisesLinearlyThenHandsOver()
    {
        var s = Schedule.WarmUp(Schedule.Exponential(0.1, 0.5), 4);
        double[] expected = [0.0, 0.025, 0.05, 0.075, 0.1, 0.05, 0.025];
        for (var t = 0; t < expected.Length; t++)
        {
            Assert.Equal(expected[t], s.Value(t), 15);
        }
    }

    [Fact]
    public void ReduceOnPlateau_ReducesAfterPatienceRunsOut()
    {
        var s = new ReduceOnPlateau(1.0, factor: 0.5, patience: 2);
        Assert.False(s.Report(1.0));
        Assert.False(s.Report(1.0));
        Assert.False(s.Report(1.0));
        Assert.True(s.Report(1.0));      // the third report without improvement exceeds patience 2
        Assert.Equal(0.5, s.Value(0));
        Assert.False(s.Report(0.5));     // an improvement resets the count
        var copy = new ReduceOnPlateau(1.0, factor: 0.5, patience: 2);
        copy.SetState(s.GetState());
        Assert.Equal(s.GetState(), copy.GetState());
    }
}
