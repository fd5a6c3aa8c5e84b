using System.Text;
using System.Text.RegularExpressions;

namespace AutoDiff.Tests;

/// <summary>
/// The C# code blocks of README.md, grouped into programs by the convention written at the top of its Quickstart:
/// a block starts its own program unless an HTML comment <c>readme: continues=NAME</c> on the line just above its
/// fence appends it to an earlier program (one named by <c>readme: name=NAME</c>); <c>readme: compile-only</c>
/// keeps a program from being run.
/// </summary>
internal static partial class ReadmeBlocks
{
    /// <summary>The implicit usings of a <c>dotnet new console</c> project, which every block may rely on.</summary>
    public static readonly string[] ImplicitUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    /// <summary>One fenced block: where it starts in README.md (1-based line of its first code line) and its code lines.</summary>
    public sealed record Block(int FirstLine, IReadOnlyList<string> Lines, IReadOnlyDictionary<string, string> Directives);

    /// <summary>One program: its blocks in order, and whether it is only compiled.</summary>
    public sealed record Program(string Name, IReadOnlyList<Block> Blocks)
    {
        /// <summary>Whether any block asks for the program to be compiled but not run.</summary>
        public bool CompileOnly => Blocks.Any(b => b.Directives.ContainsKey("compile-only"));

        /// <summary>
        /// The program's source: every block's <c>using</c> directives first (top-level statements need them there),
        /// then the blocks' statements in order, each line mapped to its README line by <c>#line</c>.
        /// </summary>
        public string Source()
        {
            var usings = new StringBuilder();
            var body = new StringBuilder();
            foreach (var block in Blocks)
            {
                for (var i = 0; i < block.Lines.Count; i++)
                {
                    var target = UsingDirective().IsMatch(block.Lines[i]) ? usings : body;
                    target.Append("#line ").Append(block.FirstLine + i).Append(" \"README.md\"\n").Append(block.Lines[i]).Append('\n');
                }
            }

            return usings.Append(body).ToString();
        }
    }

    /// <summary>README.md of the repository the tests were built from.</summary>
    public static string ReadmePath
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "README.md");
                if (File.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "AutoDiff.sln")))
                {
                    return candidate;
                }
            }

            throw new FileNotFoundException($"README.md next to AutoDiff.sln, above {AppContext.BaseDirectory}.");
        }
    }

    /// <summary>Every C# block of the README, in order.</summary>
    public static IReadOnlyList<Block> ParseBlocks(string[] readme)
    {
        var blocks = new List<Block>();
        for (var i = 0; i < readme.Length; i++)
        {
            if (!CsharpFence().IsMatch(readme[i]))
            {
                continue;
            }

            var directives = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var d = i - 1; d >= 0 && Directive().Match(readme[d]) is { Success: true } match; d--)
            {
                foreach (var word in match.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var parts = word.Split('=', 2);
                    directives[parts[0]] = parts.Length == 2 ? parts[1] : string.Empty;
                }
            }

            var end = i + 1;
            while (end < readme.Length && readme[end].Trim() != "```")
            {
                end++;
            }

            if (end == readme.Length)
            {
                throw new InvalidDataException($"README.md: the C# block opened at line {i + 1} is never closed.");
            }

            blocks.Add(new Block(i + 2, readme[(i + 1)..end], directives));
            i = end;
        }

        return blocks;
    }

    /// <summary>The blocks grouped into programs, in the order each program first appears.</summary>
    public static IReadOnlyList<Program> ParsePrograms(string[] readme)
    {
        var programs = new List<(string Name, List<Block> Blocks)>();
        foreach (var block in ParseBlocks(readme))
        {
            var unknown = block.Directives.Keys.Except(["name", "continues", "compile-only"]).ToArray();
            if (unknown.Length > 0)
            {
                throw new InvalidDataException($"README.md line {block.FirstLine - 1}: unknown directive '{unknown[0]}'; use name=, continues= or compile-only.");
            }

            if (block.Directives.TryGetValue("continues", out var name))
            {
                var index = programs.FindIndex(p => p.Name == name);
                if (index < 0)
                {
                    throw new InvalidDataException($"README.md line {block.FirstLine - 1}: 'continues={name}', but no earlier block is named '{name}'.");
                }

                programs[index].Blocks.Add(block);
                continue;
            }

            var own = block.Directives.GetValueOrDefault("name") ?? $"line-{block.FirstLine - 1}";
            if (programs.Any(p => p.Name == own))
            {
                throw new InvalidDataException($"README.md line {block.FirstLine - 1}: a program named '{own}' already exists.");
            }

            programs.Add((own, [block]));
        }

        return [.. programs.Select(p => new Program(p.Name, p.Blocks))];
    }

    [GeneratedRegex(@"^\s*```\s*(csharp|cs|c#)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex CsharpFence();

    [GeneratedRegex(@"^\s*<!--\s*readme:(.*?)-->\s*$")]
    private static partial Regex Directive();

    [GeneratedRegex(@"^\s*using\s+(static\s+)?[A-Za-z_][\w.]*(\s*=\s*[\w.<>, ]+)?\s*;\s*(//.*)?$")]
    private static partial Regex UsingDirective();
}
