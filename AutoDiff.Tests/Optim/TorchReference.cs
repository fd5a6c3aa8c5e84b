namespace AutoDiff.Tests.Optim;

/// <summary>
/// torch.optim 2.x single-tensor (foreach=False) update rules written out in plain scalar float64 code, element by
/// element, independent of AutoDiff.Optim: each method advances its state by one step for gradient g.
/// </summary>
internal static class TorchReference
{
    public static double Lerp(double a, double b, double w) => Math.Abs(w) < 0.5 ? a + (w * (b - a)) : b - ((b - a) * (1 - w));

    public sealed class SgdState(int n)
    {
        public double[] Buf = new double[n];
    }

    public static void Sgd(double[] p, double[] grad, int step, SgdState s, double lr, double momentum, double dampening, double wd, bool nesterov, bool maximize)
    {
        for (var i = 0; i < p.Length; i++)
        {
            var g = maximize ? -grad[i] : grad[i];
            if (wd != 0)
            {
                g += wd * p[i];
            }

            if (momentum != 0)
            {
                s.Buf[i] = step == 1 ? g : (s.Buf[i] * momentum) + ((1 - dampening) * g);
                g = nesterov ? g + (momentum * s.Buf[i]) : s.Buf[i];
            }

            p[i] += -lr * g;
        }
    }

    public sealed class RmsState(int n)
    {
        public double[] Sq = new double[n], GAvg = new double[n], Buf = new double[n];
    }

    public static void RmsProp(double[] p, double[] grad, RmsState s, double lr, double alpha, double eps, double wd, double momentum, bool centered)
    {
        for (var i = 0; i < p.Length; i++)
        {
            var g = grad[i];
            if (wd != 0)
            {
                g += wd * p[i];
            }

            s.Sq[i] = (s.Sq[i] * alpha) + ((1 - alpha) * g * g);
            double avg;
            if (centered)
            {
                s.GAvg[i] = Lerp(s.GAvg[i], g, 1 - alpha);
                avg = Math.Sqrt(s.Sq[i] + (-1 * s.GAvg[i] * s.GAvg[i]));
            }
            else
            {
                avg = Math.Sqrt(s.Sq[i]);
            }

            avg += eps;
            if (momentum > 0)
            {
                s.Buf[i] = (s.Buf[i] * momentum) + (g / avg);
                p[i] += -lr * s.Buf[i];
            }
            else
            {
                p[i] += -lr * (g / avg);
            }
        }
    }

    public sealed class AdamState(int n)
    {
        public double[] M = new double[n], V = new double[n], VMax = new double[n];
        public double MuProduct = 1;
    }

    public static void Adam(double[] p, double[] grad, int step, AdamState s, double lr, double b1, double b2, double eps, double wd, bool decoupled, bool amsgrad)
    {
        var bc1 = 1 - Math.Pow(b1, step);
        var bc2 = 1 - Math.Pow(b2, step);
        var stepSize = lr / bc1;
        var bc2Sqrt = Math.Sqrt(bc2);
        for (var i = 0; i < p.Length; i++)
        {
            var g = grad[i];
            if (wd != 0)
            {
                if (decoupled)
                {
                    p[i] *= 1 - (lr * wd);
                }
                else
                {
                    g += wd * p[i];
                }
            }

            s.M[i] = Lerp(s.M[i], g, 1 - b1);
            s.V[i] = (s.V[i] * b2) + ((1 - b2) * g * g);
            double denom;
            if (amsgrad)
            {
                s.VMax[i] = Math.Max(s.VMax[i], s.V[i]);
                denom = (Math.Sqrt(s.VMax[i]) / bc2Sqrt) + eps;
            }
            else
            {
                denom = (Math.Sqrt(s.V[i]) / bc2Sqrt) + eps;
            }

            p[i] += -stepSize * (s.M[i] / denom);
        }
    }

    public static void Adagrad(double[] p, double[] grad, int step, double[] sum, double lr, double lrDecay, double wd, double eps)
    {
        var clr = lr / (1 + ((step - 1) * lrDecay));
        for (var i = 0; i < p.Length; i++)
        {
            var g = grad[i];
            if (wd != 0)
            {
                g += wd * p[i];
            }

            sum[i] += g * g;
            var std = Math.Sqrt(sum[i]) + eps;
            p[i] += -clr * (g / std);
        }
    }

    public static void Adamax(double[] p, double[] grad, int step, AdamState s, double lr, double b1, double b2, double eps, double wd)
    {
        var clr = lr / (1 - Math.Pow(b1, step));
        for (var i = 0; i < p.Length; i++)
        {
            var g = grad[i];
            if (wd != 0)
            {
                g += wd * p[i];
            }

            s.M[i] = Lerp(s.M[i], g, 1 - b1);
            s.V[i] = Math.Max(s.V[i] * b2, Math.Abs(g) + eps);   // exp_inf
            p[i] += -clr * (s.M[i] / s.V[i]);
        }
    }

    public static void NAdam(double[] p, double[] grad, int step, AdamState s, double lr, double b1, double b2, double eps, double wd, double momentumDecay, bool decoupled)
    {
        var bc2 = 1 - Math.Pow(b2, step);
        var mu = b1 * (1.0 - (0.5 * Math.Pow(0.96, step * momentumDecay)));
        var muNext = b1 * (1.0 - (0.5 * Math.Pow(0.96, (step + 1) * momentumDecay)));
        s.MuProduct *= mu;
        var muProductNext = s.MuProduct * muNext;
        for (var i = 0; i < p.Length; i++)
        {
            var g = grad[i];
            if (wd != 0)
            {
                if (decoupled)
                {
                    p[i] *= 1 - (lr * wd);
                }
                else
                {
                    g += wd * p[i];
                }
            }

            s.M[i] = Lerp(s.M[i], g, 1 - b1);
            s.V[i] = (s.V[i] * b2) + ((1 - b2) * g * g);
            var denom = Math.Sqrt(s.V[i] / bc2) + eps;
            p[i] += -lr * (1.0 - mu) / (1.0 - s.MuProduct) * (g / denom);
            p[i] += -lr * muNext / (1.0 - muProductNext) * (s.M[i] / denom);
        }
    }

    public static void RAdam(double[] p, double[] grad, int step, AdamState s, double lr, double b1, double b2, double eps, double wd, bool decoupled)
    {
        var bc1 = 1 - Math.Pow(b1, step);
        var bc2 = 1 - Math.Pow(b2, step);
        var rhoInf = (2 / (1 - b2)) - 1;
        var rhoT = rhoInf - (2 * step * Math.Pow(b2, step) / bc2);
        for (var i = 0; i < p.Length; i++)
        {
            var g = grad[i];
            if (wd != 0)
            {
                if (decoupled)
                {
                    p[i] *= 1 - (lr * wd);
                }
                else
                {
                    g += wd * p[i];
                }
            }

            s.M[i] = Lerp(s.M[i], g, 1 - b1);
            s.V[i] = (s.V[i] * b2) + ((1 - b2) * g * g);
            var corrected = s.M[i] / bc1;
            if (rhoT > 5.0)
            {
                var rect = Math.Pow((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT), 0.5);
                var adaptive = Math.Pow(bc2, 0.5) / (Math.Sqrt(s.V[i]) + eps);
                p[i] -= corrected * lr * adaptive * rect;
            }
            else
            {
                p[i] -= corrected * lr;
            }
        }
    }
}
