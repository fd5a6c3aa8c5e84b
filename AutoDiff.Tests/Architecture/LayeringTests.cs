using Mono.Cecil;
using NetArchTest.Rules;

namespace AutoDiff.Tests.Architecture;

/// <summary>
/// The layers reach down, never up: Kernels → Tensors → Autodiff → Checking/Linalg → Nn/Data → Optim → Bench.
/// Inside AutoDiff.Core a layer is a folder (several share the root namespace), so each type's layer is the folder
/// that declares it and its references are read from its IL; between assemblies and namespaces, NetArchTest checks.
/// </summary>
public sealed class LayeringTests
{
    private static readonly string CoreFolder = Path.Combine(RepositoryFiles.Root, "AutoDiff.Core");

    [Fact]
    public void CoreTypes_ReferenceOnlyTheirOwnOrLowerLayers()
    {
        var violations = Violations(typeof(Tensor).Assembly.Location);
        Assert.True(violations.Count == 0, "Upward references between the layers of AutoDiff.Core:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void EveryCoreType_IsDeclaredInOneLayerFolder()
    {
        var split = LayerMap.TypeFolders(CoreFolder)
            .Where(kv => kv.Value.Count > 1 || kv.Value.Any(f => !LayerMap.Rank.ContainsKey(f)))
            .Select(kv => $"{kv.Key}: {string.Join(", ", kv.Value)}")
            .ToArray();
        Assert.True(split.Length == 0, "Types declared across layers, or in a folder that is no layer:\n" + string.Join("\n", split));
    }

    [Fact]
    public void EveryCoreType_HasALayer()
    {
        var folders = LayerMap.TypeFolders(CoreFolder);
        using var module = ModuleDefinition.ReadModule(typeof(Tensor).Assembly.Location);
        var unmapped = module.Types
            .Where(t => !t.Name.StartsWith('<') && t.Name != "<Module>" && !t.FullName.StartsWith("Microsoft.", StringComparison.Ordinal)
                && !t.FullName.StartsWith("System.", StringComparison.Ordinal))
            .Where(t => !folders.ContainsKey(t.FullName))
            .Select(t => t.FullName)
            .ToArray();
        Assert.True(unmapped.Length == 0, "Types whose declaring file was not found (so their layer is unknown): " + string.Join(", ", unmapped));
        Assert.Equal(["Tensors"], folders["AutoDiff.Tensor"]);
        Assert.Equal(["Autodiff"], folders["AutoDiff.Ops"]);
        Assert.Equal(["Kernels"], folders["AutoDiff.Kernels.IUnaryOperator`1"]);
    }

    [Fact]
    public void Core_DependsOnNoHigherAssemblyAndNoPackage()
    {
        var core = typeof(Tensor).Assembly;
        var result = Types.InAssembly(core).ShouldNot().HaveDependencyOnAny("AutoDiff.Optim", "AutoDiff.Bench").GetResult();
        Assert.True(result.IsSuccessful, "Core types that use Optim or Bench: " + string.Join(", ", result.FailingTypeNames ?? []));

        var references = core.GetReferencedAssemblies().Select(a => a.Name!).ToArray();
        Assert.All(references, name => Assert.True(name.StartsWith("System", StringComparison.Ordinal) || name == "netstandard",
            $"AutoDiff.Core references {name}; the core uses the BCL only."));
    }

    [Fact]
    public void Optim_DoesNotDependOnBench()
    {
        var optim = typeof(AutoDiff.Optim.Optimizer).Assembly;
        var result = Types.InAssembly(optim).ShouldNot().HaveDependencyOn("AutoDiff.Bench").GetResult();
        Assert.True(result.IsSuccessful, "Optim types that use Bench: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void KernelsNamespace_DependsOnNoHigherNamespace()
    {
        var result = Types.InAssembly(typeof(Tensor).Assembly)
            .That().ResideInNamespace("AutoDiff.Kernels")
            .ShouldNot().HaveDependencyOnAny("AutoDiff.Autodiff", "AutoDiff.Checking", "AutoDiff.Linalg", "AutoDiff.Nn", "AutoDiff.Data", "AutoDiff.Serialization")
            .GetResult();
        Assert.True(result.IsSuccessful, "Kernels types that use higher layers: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    /// <summary>Each reference from a type to a type of a higher layer, as "From (Folder) → To (Folder)".</summary>
    internal static List<string> Violations(string assemblyPath)
    {
        var folders = LayerMap.TypeFolders(CoreFolder);
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        var violations = new List<string>();
        foreach (var (type, refs) in IlReferences.Of(module))
        {
            if (Layer(type) is not { } from)
            {
                continue;
            }

            foreach (var target in refs)
            {
                if (Layer(target) is { } to && LayerMap.Rank[to] > LayerMap.Rank[from])
                {
                    violations.Add($"{type.FullName} ({from}) → {target.FullName} ({to})");
                }
            }
        }

        return violations.Order().ToList();

        string? Layer(TypeDefinition t)
            => folders.TryGetValue(t.FullName, out var f) && f.Count == 1 ? f.First() : null;
    }
}
