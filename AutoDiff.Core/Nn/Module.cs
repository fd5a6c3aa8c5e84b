namespace AutoDiff.Nn;

/// <summary>
/// The base of every layer and model, as in PyTorch's <c>nn.Module</c>: it owns named parameters (tensors with
/// <see cref="TensorAutodiff.extension(Tensor).RequiresGrad"/> set), named buffers (state that is saved but not trained, such as batch-norm
/// running statistics) and named sub-modules, so that <see cref="NamedParameters"/> yields paths such as
/// <c>"0.weight"</c>. It carries a training/evaluation mode and forward hooks.
/// </summary>
/// <remarks>
/// <see cref="Forward"/> computes the output; <see cref="Call"/> computes it and then runs the forward hooks (like
/// PyTorch's <c>module(x)</c>). Containers call their children through <see cref="Call"/>, so hooks registered on
/// any layer of a model fire when the model runs.
/// </remarks>
public abstract class Module
{
    private readonly List<string> _parameterNames = new();
    private readonly Dictionary<string, Tensor> _parameters = new(StringComparer.Ordinal);
    private readonly List<string> _bufferNames = new();
    private readonly Dictionary<string, Tensor> _buffers = new(StringComparer.Ordinal);
    private readonly List<KeyValuePair<string, Module>> _children = new();
    private readonly List<Action<Module, Tensor, Tensor>> _hooks = new();

    /// <summary>Whether the module is in training mode (the default) rather than evaluation mode.</summary>
    public bool IsTraining { get; private set; } = true;

    /// <summary>The total number of elements in all parameters (of this module and its sub-modules).</summary>
    public long ParameterCount => Parameters().Sum(p => (long)p.Size);

    /// <summary>Computes the module's output for <paramref name="x"/> (hooks do not run; see <see cref="Call"/>).</summary>
    /// <param name="x">The input.</param>
    /// <returns>The output.</returns>
    public abstract Tensor Forward(Tensor x);

    /// <summary>Runs <see cref="Forward"/>, then every forward hook with (module, input, output).</summary>
    /// <param name="x">The input.</param>
    /// <returns>The output of <see cref="Forward"/>.</returns>
    public Tensor Call(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = Forward(x);
        if (_hooks.Count > 0)
        {
            foreach (var hook in _hooks.ToArray())
            {
                hook(this, x, y);
            }
        }

        return y;
    }

    /// <summary>
    /// Registers <paramref name="hook"/> to run after each <see cref="Call"/> with the module, its input and its
    /// output (for activation statistics). Dispose the result to remove it.
    /// </summary>
    /// <param name="hook">The callback.</param>
    /// <returns>A handle whose disposal removes the hook.</returns>
    public IDisposable RegisterForwardHook(Action<Module, Tensor, Tensor> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        _hooks.Add(hook);
        return new Removal(() => _hooks.Remove(hook));
    }

    /// <summary>Every parameter with its dotted path (<c>"0.weight"</c>), this module's first, then each child's in order.</summary>
    /// <returns>The (path, parameter) pairs.</returns>
    public IEnumerable<(string Name, Tensor Parameter)> NamedParameters()
    {
        foreach (var name in _parameterNames)
        {
            yield return (name, _parameters[name]);
        }

        foreach (var (prefix, child) in _children)
        {
            foreach (var (name, p) in child.NamedParameters())
            {
                yield return ($"{prefix}.{name}", p);
            }
        }
    }

    /// <summary>Every parameter, in the order of <see cref="NamedParameters"/>.</summary>
    /// <returns>The parameters (the tensors themselves, so in-place updates reach the module).</returns>
    public IReadOnlyList<Tensor> Parameters() => NamedParameters().Select(p => p.Parameter).ToArray();

    /// <summary>Every buffer (saved, untrained state such as running statistics) with its dotted path.</summary>
    /// <returns>The (path, buffer) pairs.</returns>
    public IEnumerable<(string Name, Tensor Buffer)> NamedBuffers()
    {
        foreach (var name in _bufferNames)
        {
            yield return (name, _buffers[name]);
        }

        foreach (var (prefix, child) in _children)
        {
            foreach (var (name, b) in child.NamedBuffers())
            {
                yield return ($"{prefix}.{name}", b);
            }
        }
    }

    /// <summary>The parameters and then the buffers with their paths: everything a checkpoint holds (PyTorch's state dict).</summary>
    /// <returns>The (path, tensor) pairs.</returns>
    public IEnumerable<(string Name, Tensor Tensor)> NamedTensors()
        => NamedParameters().Select(p => (p.Name, p.Parameter)).Concat(NamedBuffers().Select(b => (b.Name, b.Buffer)));

    /// <summary>The direct sub-modules with their names.</summary>
    /// <returns>The (name, module) pairs in registration order.</returns>
    public IEnumerable<(string Name, Module Module)> NamedChildren() => _children.Select(c => (c.Key, c.Value));

    /// <summary>This module (with an empty path) and every descendant with its dotted path, depth first.</summary>
    /// <returns>The (path, module) pairs.</returns>
    public IEnumerable<(string Name, Module Module)> NamedModules()
    {
        yield return (string.Empty, this);
        foreach (var (prefix, child) in _children)
        {
            foreach (var (name, m) in child.NamedModules())
            {
                yield return (name.Length == 0 ? prefix : $"{prefix}.{name}", m);
            }
        }
    }

    /// <summary>Sets training mode on this module and all sub-modules.</summary>
    /// <param name="mode">True for training, false for evaluation.</param>
    /// <returns>This module.</returns>
    public Module Train(bool mode = true)
    {
        IsTraining = mode;
        foreach (var (_, child) in _children)
        {
            child.Train(mode);
        }

        return this;
    }

    /// <summary>Sets evaluation mode on this module and all sub-modules (batch norm uses running statistics, dropout is the identity).</summary>
    /// <returns>This module.</returns>
    public Module Eval() => Train(false);

    /// <summary>Clears the gradient of every parameter (zeroing the buffers in place, so they are reused).</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters())
        {
            p.ZeroGrad();
        }
    }

    /// <summary>
    /// Temporarily replaces the parameters (in <see cref="Parameters"/> order) with <paramref name="values"/> of the
    /// same shapes and dtypes, until the returned handle is disposed; the module's own tensors are not modified. This
    /// is the functional view of a model (like <c>torch.func.functional_call</c>): with it a model is a function of
    /// its parameters, for gradient checks or Hessian-vector products at perturbed weights.
    /// </summary>
    /// <param name="values">One tensor per parameter.</param>
    /// <returns>A handle whose disposal restores the original parameters.</returns>
    public IDisposable UseParameters(IReadOnlyList<Tensor> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var slots = ParameterSlots().ToArray();
        if (slots.Length != values.Count)
        {
            throw new ArgumentException($"UseParameters: the module has {slots.Length} parameters but {values.Count} tensors were given.");
        }

        for (var i = 0; i < slots.Length; i++)
        {
            var (path, owner, name) = slots[i];
            var current = owner._parameters[name];
            if (values[i].Shape != current.Shape || values[i].DType != current.DType)
            {
                throw new ArgumentException($"UseParameters: '{path}' is {current.DType}{current.Shape} but the replacement is {values[i].DType}{values[i].Shape}.");
            }
        }

        var saved = slots.Select(s => s.Owner._parameters[s.Name]).ToArray();
        for (var i = 0; i < slots.Length; i++)
        {
            slots[i].Owner._parameters[slots[i].Name] = values[i];
        }

        return new Removal(() =>
        {
            for (var i = 0; i < slots.Length; i++)
            {
                slots[i].Owner._parameters[slots[i].Name] = saved[i];
            }
        });
    }

    /// <summary>
    /// Converts every parameter and buffer of this module and its sub-modules to <paramref name="dtype"/> (like PyTorch's
    /// <c>module.to(dtype)</c>): each tensor of another dtype is replaced by a converted copy (float64 to float32 rounds
    /// to nearest), keeping its name and <see cref="TensorAutodiff.extension(Tensor).RequiresGrad"/>; gradients are not kept. Tensors obtained
    /// before, such as those an optimizer holds, still refer to the old ones: create optimizers after converting.
    /// </summary>
    /// <param name="dtype">The element type.</param>
    /// <returns>This module.</returns>
    public Module To(DType dtype)
    {
        foreach (var (_, module) in NamedModules())
        {
            foreach (var name in module._parameterNames)
            {
                var p = module._parameters[name];
                if (p.DType != dtype)
                {
                    module._parameters[name] = Parameter.Mark(Converted(p, dtype), p.Name ?? name);
                }
            }

            foreach (var name in module._bufferNames)
            {
                var b = module._buffers[name];
                if (b.DType != dtype)
                {
                    var converted = Converted(b, dtype);
                    converted.Name = b.Name ?? name;
                    module._buffers[name] = converted;
                }
            }
        }

        return this;

        static Tensor Converted(Tensor t, DType dtype)
            => dtype == DType.Float64 ? Tensor.FromArray(t.ToArray(), t.Shape) : Tensor.FromArray(t.ToFloatArray(), t.Shape);
    }

    /// <summary>A readable outline of the module tree with parameter shapes.</summary>
    /// <returns>One line per module.</returns>
    public override string ToString()
    {
        var lines = NamedModules().Select(m =>
        {
            var depth = m.Name.Length == 0 ? 0 : m.Name.Count(ch => ch == '.') + 1;
            var own = string.Join(", ", m.Module._parameterNames.Select(n => $"{n} {m.Module._parameters[n].Shape}"));
            var label = m.Name.Length == 0 ? m.Module.Describe() : $"({m.Name}) {m.Module.Describe()}";
            return new string(' ', 2 * depth) + label + (own.Length > 0 ? $" [{own}]" : string.Empty);
        });
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>A one-line description of this module's configuration (its type name by default).</summary>
    /// <returns>The description.</returns>
    public virtual string Describe() => GetType().Name;

    /// <summary>
    /// Registers <paramref name="tensor"/> as the trainable parameter <paramref name="name"/>: sets
    /// <see cref="TensorAutodiff.extension(Tensor).RequiresGrad"/> and names the tensor.
    /// </summary>
    /// <param name="name">The name, unique in this module and free of dots.</param>
    /// <param name="tensor">A leaf tensor.</param>
    /// <returns>The tensor.</returns>
    protected Tensor RegisterParameter(string name, Tensor tensor)
    {
        CheckNewName(name);
        ArgumentNullException.ThrowIfNull(tensor);
        Parameter.Mark(tensor, name);
        _parameterNames.Add(name);
        _parameters[name] = tensor;
        return tensor;
    }

    /// <summary>Registers <paramref name="tensor"/> as the buffer <paramref name="name"/> (saved in checkpoints, not trained).</summary>
    /// <param name="name">The name, unique in this module and free of dots.</param>
    /// <param name="tensor">The tensor.</param>
    /// <returns>The tensor.</returns>
    protected Tensor RegisterBuffer(string name, Tensor tensor)
    {
        CheckNewName(name);
        ArgumentNullException.ThrowIfNull(tensor);
        tensor.Name ??= name;
        _bufferNames.Add(name);
        _buffers[name] = tensor;
        return tensor;
    }

    /// <summary>Registers <paramref name="module"/> as the child <paramref name="name"/>; its paths get the prefix <c>name.</c>.</summary>
    /// <typeparam name="T">The module type.</typeparam>
    /// <param name="name">The name, unique in this module and free of dots.</param>
    /// <param name="module">The child.</param>
    /// <returns>The child.</returns>
    protected T RegisterModule<T>(string name, T module)
        where T : Module
    {
        CheckNewName(name);
        ArgumentNullException.ThrowIfNull(module);
        if (ReferenceEquals(module, this))
        {
            throw new ArgumentException($"RegisterModule: a module cannot contain itself (child '{name}').");
        }

        module.Train(IsTraining);
        _children.Add(new KeyValuePair<string, Module>(name, module));
        return module;
    }

    /// <summary>The current tensor of this module's parameter <paramref name="name"/> (honours <see cref="UseParameters"/>).</summary>
    /// <param name="name">The parameter name.</param>
    /// <returns>The tensor.</returns>
    protected Tensor GetParameter(string name) => _parameters[name];

    /// <summary>The buffer <paramref name="name"/> of this module.</summary>
    /// <param name="name">The buffer name.</param>
    /// <returns>The tensor.</returns>
    protected Tensor GetBuffer(string name) => _buffers[name];

    /// <summary>Throws the standard wrong-shape error: the layer, what it expects and what it got.</summary>
    /// <param name="expected">The expected shape, e.g. <c>[N, 3]</c>.</param>
    /// <param name="x">The input received.</param>
    /// <returns>Never returns.</returns>
    protected ArgumentException ShapeError(string expected, Tensor x)
        => new($"{Describe()}: expected input of shape {expected}, got {x.Shape}.", nameof(x));

    /// <summary>
    /// Throws when <paramref name="x"/> has another element type than the layer's parameters, naming the layer and
    /// both types (instead of the error of whichever op would meet the mismatch first).
    /// </summary>
    /// <param name="x">The input received.</param>
    /// <param name="expected">The layer's element type.</param>
    protected void CheckDType(Tensor x, DType expected)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.DType != expected)
        {
            throw new ArgumentException($"{Describe()}: the input is {x.DType} but the layer's parameters are {expected}; convert one with .To(DType).", nameof(x));
        }
    }

    private IEnumerable<(string Path, Module Owner, string Name)> ParameterSlots()
    {
        foreach (var (path, module) in NamedModules())
        {
            foreach (var name in module._parameterNames)
            {
                yield return (path.Length == 0 ? name : $"{path}.{name}", module, name);
            }
        }
    }

    private void CheckNewName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains('.', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{name}': names of parameters, buffers and sub-modules cannot contain '.'.", nameof(name));
        }

        if (_parameters.ContainsKey(name) || _buffers.ContainsKey(name) || _children.Any(c => c.Key == name))
        {
            throw new ArgumentException($"'{name}' is already registered in {GetType().Name}.", nameof(name));
        }
    }

    private sealed class Removal(Action remove) : IDisposable
    {
        private Action? _remove = remove;

        public void Dispose()
        {
            _remove?.Invoke();
            _remove = null;
        }
    }
}
