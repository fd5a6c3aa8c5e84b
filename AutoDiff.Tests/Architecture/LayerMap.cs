using System.Text.RegularExpressions;

namespace AutoDiff.Tests.Architecture;

/// <summary>
/// The layers of AutoDiff.Core, bottom to top, and which layer each top-level type belongs to: the folder of the file
/// that declares it (layers are folders of one assembly, several of which share the root namespace, so namespaces
/// alone cannot tell them apart). Read from the source files.
/// </summary>
internal static partial class LayerMap
{
    /// <summary>Folder → rank; a type may use types of its own rank or lower ones only.</summary>
    public static readonly IReadOnlyDictionary<string, int> Rank = new Dictionary<string, int>
    {
        ["Kernels"] = 0,
        ["Tensors"] = 1,
        ["Autodiff"] = 2,
        ["Checking"] = 3,
        ["Linalg"] = 3,
        ["Serialization"] = 4,
        ["Nn"] = 4,
        ["Data"] = 4,
    };

    /// <summary>Top-level type metadata name (namespace.Name`arity) → the layer folders that declare it.</summary>
    public static Dictionary<string, HashSet<string>> TypeFolders(string projectFolder)
    {
        var map = new Dictionary<string, HashSet<string>>();
        foreach (var file in Directory.EnumerateFiles(projectFolder, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(projectFolder, file);
            var folder = relative.Split(Path.DirectorySeparatorChar)[0];
            if (folder is "bin" or "obj" || !relative.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                continue;
            }

            var text = File.ReadAllText(file);
            var ns = NamespacePattern().Match(text) is { Success: true } m ? m.Groups[1].Value + "." : "";
            foreach (Match d in DeclarationPattern().Matches(text))
            {
                var arity = d.Groups["generics"].Success ? d.Groups["generics"].Value.Count(c => c == ',') + 1 : 0;
                var name = ns + d.Groups["name"].Value + (arity > 0 ? "`" + arity : "");
                if (!map.TryGetValue(name, out var folders))
                {
                    map[name] = folders = [];
                }

                folders.Add(folder);
            }
        }

        return map;
    }

    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex NamespacePattern();

    // A declaration at column 0 (file-scoped namespaces): modifiers, the kind, the name and its generic parameters.
    [GeneratedRegex(@"^(?:(?:public|internal|static|sealed|abstract|partial|readonly|ref|file|unsafe)\s+)*(?:class|struct|interface|enum|record(?:\s+struct|\s+class)?|delegate\s+[^(=;]*?)\s+(?<name>\w+)\s*(?<generics><[^>]*>)?", RegexOptions.Multiline)]
    private static partial Regex DeclarationPattern();
}
