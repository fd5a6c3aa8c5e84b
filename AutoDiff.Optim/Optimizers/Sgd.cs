using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoDiff.Optim;

/// <summary>
/// Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and weight decay, exactly as
/// <c>torch.optim.SGD</c>:
/// <code>
/// g ← ∇θ + λθ                              (weight decay λ)
/// b ← g on the first step, else μb + (1 − τ)g   (momentum μ, dampening τ)
/// g ← g + μb if Nesterov, else b
/// θ ← θ − αg
/// </code>
/// With momentum μ on a constant gradient the step approaches the terminal velocity α·g/(1 − μ).
/// </summary>
public sealed class Sgd : Optimizer
{
    private readonly Array?[] _velocity;

    /// <summary>Creates the optimizer; PyTorch's defaults except that a learning rate is required.</summary>
    public Sgd(IEnumerable<Tensor> parameters, double lr, double momentum = 0, double dampening = 0, double weightDecay = 0, bool nesterov = false)
        : base(parameters)
    {
        Require(lr >= 0, nameof(lr), lr, "non-negative");
        Require(momentum >= 0, nameof(momentum), momentum, "non-negative");
        Require(weightDecay >= 0, nameof(weightDecay), weightDecay, "non-negative");
        Require(!nesterov || (momentum > 0 && dampening == 0), nameof(dampening), dampening, "0 with momentum > 0 for Nesterov momentum");
        LearningRate = lr;
        Momentum = momentum;
        Dampening = dampening;
        WeightDecay = weightDecay;
        Nesterov = nesterov;
        _velocity = new Array?[Parameters.Count];
    }

    /// <summary>The momentum coefficient μ.</summary>
    public double Momentum { get; }

    /// <summary>The dampening τ applied to new gradients in the momentum buffer.</summary>
    public double Dampening { get; }

    /// <summary>The L2 weight decay λ added to the gradient.</summary>
    public double WeightDecay { get; }

    /// <summary>Whether Nesterov momentum is used.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc/>
    protected override void Update(int index, Span<float> parameter, ReadOnlySpan<float> gradient) => UpdateCore(index, parameter, gradient);

    /// <inheritdoc/>
    protected override void Update(int index, Span<double> parameter, ReadOnlySpan<double> gradient) => UpdateCore(index, parameter, gradient);

    private void UpdateCore<T>(int index, Span<T> p, ReadOnlySpan<T> grad)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var lr = T.CreateTruncating(LearningRate);
        var wd = T.CreateTruncating(WeightDecay);
        var mu = T.CreateTruncating(Momentum);
        var keep = T.One - T.CreateTruncating(Dampening);
        T[]? b = null;
        var first = false;
        if (Momentum != 0)
        {
            first = _velocity[index] is null;
            b = (T[])(_velocity[index] ??= new T[p.Length]);
        }

        if (b is null && WeightDecay == 0)
        {
            Descend(p, grad, lr);
            return;
        }

        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            // The same operations as the scalar loop below, lane by lane, so the result is bit-identical.
            var vlr = new Vector<T>(lr);
            var vwd = new Vector<T>(wd);
            var vmu = new Vector<T>(mu);
            var vkeep = new Vector<T>(keep);
            for (; i <= p.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var pi = new Vector<T>(p[i..]);
                var g = new Vector<T>(grad[i..]) + (vwd * pi);
                if (b is not null)
                {
                    var bi = first ? g : (vmu * new Vector<T>(b, i)) + (vkeep * g);
                    bi.CopyTo(b, i);
                    g = Nesterov ? g + (vmu * bi) : bi;
                }

                (pi - (vlr * g)).CopyTo(p[i..]);
            }
        }

        for (; i < p.Length; i++)
        {
            var g = grad[i] + (wd * p[i]);
            if (b is not null)
            {
                b[i] = first ? g : (mu * b[i]) + (keep * g);
                g = Nesterov ? g + (mu * b[i]) : b[i];
            }

            p[i] -= lr * g;
        }
    }

    /// <summary>Plain gradient descent, p −= lr·g: the common case without momentum or weight decay, in one pass.</summary>
    private static void Descend<T>(Span<T> p, ReadOnlySpan<T> grad, T lr)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref var pr = ref MemoryMarshal.GetReference(p);
        ref var gr = ref MemoryMarshal.GetReference(grad);
        var n = (nuint)p.Length;
        nuint i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vlr = new Vector<T>(lr);
            for (; i + (nuint)Vector<T>.Count <= n; i += (nuint)Vector<T>.Count)
            {
                Vector.StoreUnsafe(Vector.LoadUnsafe(ref pr, i) - (vlr * Vector.LoadUnsafe(ref gr, i)), ref pr, i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref pr, i) -= lr * Unsafe.Add(ref gr, i);
        }
    }
}
