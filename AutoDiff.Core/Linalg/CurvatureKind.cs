namespace AutoDiff.Linalg;

/// <summary>Which curvature matrix a <see cref="SubsetCurvatureOperator"/> applies.</summary>
public enum CurvatureKind
{
    /// <summary>The Hessian ∇²L(θ) of the mean loss over the subset (indefinite in general).</summary>
    Hessian,

    /// <summary>The generalised Gauss-Newton matrix Jᵀ·H_loss·J (positive semi-definite for convex losses on the outputs).</summary>
    GaussNewton,
}
