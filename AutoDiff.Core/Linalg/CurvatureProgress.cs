namespace AutoDiff.Linalg;

/// <summary>Progress of <see cref="Curvature.Summarize"/>: the stage, the step within it, and the step limit.</summary>
/// <param name="Stage">"extremes", "density" or "trace".</param>
/// <param name="Step">Steps (operator applications) done in the stage.</param>
/// <param name="Limit">The most steps the stage may take.</param>
/// <param name="Detail">A short description (current extreme Ritz values, probe number).</param>
public sealed record CurvatureProgress(string Stage, int Step, int Limit, string Detail);
