using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoDiff.Optim;

/// <summary>
/// One step of an optimizer's update (as in optax): it maps the update u, which starts as the gradient, to a new u,
/// reading and writing its own typed per-parameter state, and may scale the step size α that
/// <see cref="GradientChain"/> finally applies as θ ← θ − α·u. A named optimizer is a short chain of them.
/// </summary>
/// <remarks>
/// Every transformation element-wise updates u in one SIMD pass with no per-element branches; the chain runs them
/// block by block (a block stays in L1), so each parameter's bytes stream from memory once per step.
/// </remarks>
public abstract class GradientTransformation
{
    private Tensor[][] _state = [];

    /// <summary>The per-parameter state this transformation keeps (none by default).</summary>
    public virtual IReadOnlyList<StateSlot> Slots => [];

    /// <summary>Whether it must see every parameter's update before any is transformed (global-norm clipping).</summary>
    public virtual bool IsGlobal => false;

    /// <summary>Whether <see cref="Initialize"/> has run.</summary>
    public bool IsInitialized { get; private set; }

    /// <summary>The parameters the state was made for.</summary>
    protected IReadOnlyList<Tensor> Parameters { get; private set; } = [];

    /// <summary>Makes the state for <paramref name="parameters"/>; a transformation belongs to one chain.</summary>
    /// <param name="parameters">The parameters.</param>
    public void Initialize(IReadOnlyList<Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (IsInitialized)
        {
            throw new InvalidOperationException($"{GetType().Name}: already initialised for {Parameters.Count} parameters; a transformation belongs to one optimizer.");
        }

        Parameters = parameters;
        _state = Slots.Select(slot => parameters.Select(p => slot.Scalar
            ? Tensor.Full(Shape.Scalar, slot.InitialValue, DType.Float64)
            : Tensor.Full(p.Shape, slot.InitialValue, p.DType)).ToArray()).ToArray();
        OnInitialized(parameters.Count);
        IsInitialized = true;
    }

    /// <summary>The state named <paramref name="slot"/> of parameter <paramref name="index"/> (a live view: changing it changes the optimizer).</summary>
    /// <param name="slot">The slot's name, as in <see cref="Slots"/>.</param>
    /// <param name="index">The parameter's position.</param>
    /// <returns>The state tensor.</returns>
    public Tensor State(string slot, int index)
    {
        for (var k = 0; k < Slots.Count; k++)
        {
            if (Slots[k].Name == slot)
            {
                return _state[k][index];
            }
        }

        throw new ArgumentException($"{GetType().Name} has no state '{slot}'; it has [{string.Join(", ", Slots.Select(s => s.Name))}].", nameof(slot));
    }

    /// <summary>Called once after the state is made, for per-parameter scalars.</summary>
    /// <param name="count">The number of parameters.</param>
    protected virtual void OnInitialized(int count)
    {
    }

    /// <summary>
    /// Before any update of a step, for global transformations: sees every parameter's gradient (null when it has none).
    /// </summary>
    /// <param name="gradients">The gradients, one per parameter.</param>
    /// <param name="maximize">Whether the update is the negated gradient.</param>
    public virtual void BeginStep(IReadOnlyList<Tensor?> gradients, bool maximize)
    {
    }

    /// <summary>
    /// Prepares this step's scalars for parameter <paramref name="index"/> (bias corrections, decayed rates) and returns
    /// the step size scaled as this transformation needs (Adam divides it by 1 − β₁ᵗ).
    /// </summary>
    /// <param name="index">The parameter's position.</param>
    /// <param name="context">The parameter's step and hyper-parameters.</param>
    /// <param name="stepSize">The step size so far.</param>
    /// <returns>The new step size.</returns>
    public abstract double Prepare(int index, in StepContext context, double stepSize);

    /// <summary>Transforms elements [offset, offset + u.Length) of parameter <paramref name="index"/>'s update in place.</summary>
    /// <param name="index">The parameter's position.</param>
    /// <param name="offset">The first element.</param>
    /// <param name="update">The update's elements, transformed in place.</param>
    /// <param name="parameter">The parameter's elements (decoupled weight decay scales them).</param>
    public abstract void Apply(int index, int offset, Span<float> update, Span<float> parameter);

    /// <inheritdoc cref="Apply(int, int, Span{float}, Span{float})"/>
    public abstract void Apply(int index, int offset, Span<double> update, Span<double> parameter);

    /// <summary>The elements [offset, offset + length) of a state slot of parameter <paramref name="index"/>.</summary>
    /// <typeparam name="T">The parameter's element type.</typeparam>
    /// <param name="slot">The slot's position in <see cref="Slots"/>.</param>
    /// <param name="index">The parameter's position.</param>
    /// <param name="offset">The first element.</param>
    /// <param name="length">The number of elements.</param>
    /// <returns>The span.</returns>
    protected Span<T> StateSpan<T>(int slot, int index, int offset, int length)
        where T : unmanaged => _state[slot][index].AsSpan<T>().Slice(offset, length);

    /// <summary>The value of a scalar state slot of parameter <paramref name="index"/>.</summary>
    /// <param name="slot">The slot's position in <see cref="Slots"/>.</param>
    /// <param name="index">The parameter's position.</param>
    /// <returns>A reference to the value.</returns>
    protected ref double ScalarState(int slot, int index) => ref _state[slot][index].AsSpan<double>()[0];

    /// <summary>Validates a hyper-parameter, naming it and this transformation.</summary>
    /// <param name="condition">Whether the value is valid.</param>
    /// <param name="name">The hyper-parameter's name.</param>
    /// <param name="value">Its value.</param>
    /// <param name="rule">What it must be.</param>
    protected void Require(bool condition, string name, double value, string rule) => Check.Require(condition, GetType().Name, name, value, rule);

    /// <summary>Loads a vector of <typeparamref name="T"/> at element <paramref name="i"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector<T> Load<T>(Span<T> span, int i)
        where T : unmanaged => Vector.LoadUnsafe(ref MemoryMarshal.GetReference(span), (nuint)i);

    /// <summary>Stores a vector of <typeparamref name="T"/> at element <paramref name="i"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Store<T>(Vector<T> value, Span<T> span, int i)
        where T : unmanaged => value.StoreUnsafe(ref MemoryMarshal.GetReference(span), (nuint)i);

    /// <summary>The number of leading elements the vector loops handle (the rest go through the scalar tail).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int VectorEnd<T>(int length)
        where T : unmanaged => Vector.IsHardwareAccelerated ? length - (length % Vector<T>.Count) : 0;
}
