namespace AutoDiff.Optim.Training;

/// <summary>One point of a training curve, measured on fixed data (never on the current batch).</summary>
/// <param name="Step">Optimizer steps taken.</param>
/// <param name="Epoch">Epoch, fractional inside an epoch (step / batches per epoch).</param>
/// <param name="LearningRate">The learning rate of the last step.</param>
/// <param name="GradientNorm">The global L2 norm of the last step's gradient (NaN at step 0).</param>
/// <param name="UpdateRatio">‖Δθ‖/‖θ‖ of the last step, over all parameters (NaN at step 0).</param>
/// <param name="MonitorLoss">The mean loss on the fixed monitoring subset of the training data.</param>
/// <param name="MonitorAccuracy">The accuracy on the monitoring subset.</param>
/// <param name="ValidationLoss">The mean validation loss (NaN without validation data).</param>
/// <param name="ValidationAccuracy">The validation accuracy (NaN without validation data).</param>
/// <param name="Seconds">Wall time since training started, evaluation excluded.</param>
public readonly record struct CurvePoint(
    long Step, double Epoch, double LearningRate, double GradientNorm, double UpdateRatio,
    double MonitorLoss, double MonitorAccuracy, double ValidationLoss, double ValidationAccuracy, double Seconds);
