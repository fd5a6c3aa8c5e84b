using System.Reflection;
using System.Runtime.Loader;
using AutoDiff.Kernels;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoDiff.Tests;

/// <summary>
/// Every C# block of README.md, extracted from the file itself, compiles as written (using lines included) against
/// AutoDiff.Core and AutoDiff.Optim, and runs unless marked compile-only; see the convention at the top of the
/// README's Quickstart and <see cref="ReadmeBlocks"/>.
/// </summary>
[Collection(nameof(GlobalStateCollection))]
public sealed class ReadmeBlocksTests
{
    private static readonly Lazy<MetadataReference[]> s_references = new(References);

    /// <summary>The README's programs by name, one test case each.</summary>
    public static TheoryData<string> Programs()
    {
        var data = new TheoryData<string>();
        foreach (var program in ReadmeBlocks.ParsePrograms(File.ReadAllLines(ReadmeBlocks.ReadmePath)))
        {
            data.Add(program.Name);
        }

        return data;
    }

    [Fact]
    public void Parse_Readme_FindsEveryCsharpFenceAndTheQuickstart()
    {
        var readme = File.ReadAllLines(ReadmeBlocks.ReadmePath);
        var fences = readme.Count(l => l.TrimStart().StartsWith("```csharp", StringComparison.Ordinal));

        var programs = ReadmeBlocks.ParsePrograms(readme);

        Assert.Equal(fences, programs.Sum(p => p.Blocks.Count));
        Assert.Contains(programs, p => p.Name == "quickstart" && !p.CompileOnly);
    }

    [Fact]
    public void Parse_ContinuesAndCompileOnly_GroupBlocksAndHoistUsings()
    {
        string[] readme =
        [
            "<!-- readme: name=a -->",
            "```csharp",
            "using AutoDiff;",
            "var x = 1;",
            "```",
            "```csharp",
            "var y = 2;",
            "```",
            "<!-- readme: continues=a compile-only -->",
            "```csharp",
            "using AutoDiff.Nn;",
            "var z = x + 1;",
            "```",
        ];

        var programs = ReadmeBlocks.ParsePrograms(readme);

        Assert.Equal(["a", "line-6"], programs.Select(p => p.Name));
        Assert.True(programs[0].CompileOnly);
        Assert.False(programs[1].CompileOnly);
        var lines = programs[0].Source().Split('\n').Where(l => !l.StartsWith('#') && l.Length > 0).ToArray();
        Assert.Equal(["using AutoDiff;", "using AutoDiff.Nn;", "var x = 1;", "var z = x + 1;"], lines);
    }

    [Fact]
    public void Parse_ContinuesAnUnknownName_ThrowsNamingTheLine()
    {
        string[] readme = ["<!-- readme: continues=nope -->", "```csharp", "var x = 1;", "```"];

        var e = Assert.Throws<InvalidDataException>(() => ReadmeBlocks.ParsePrograms(readme));

        Assert.Contains("line 2", e.Message, StringComparison.Ordinal);
        Assert.Contains("'nope'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public void Program_AsWritten_CompilesAndRuns(string name)
    {
        var program = ReadmeBlocks.ParsePrograms(File.ReadAllLines(ReadmeBlocks.ReadmePath)).Single(p => p.Name == name);
        var assembly = Compile(program);
        if (!program.CompileOnly)
        {
            Run(program, assembly);
        }
    }

    private static byte[] Compile(ReadmeBlocks.Program program)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var implicitUsings = string.Concat(ReadmeBlocks.ImplicitUsings.Select(u => $"global using global::{u};\n"));
        var compilation = CSharpCompilation.Create(
            $"Readme_{program.Name.Replace('-', '_')}",
            [
                CSharpSyntaxTree.ParseText(implicitUsings, parse, "ImplicitUsings.cs"),
                CSharpSyntaxTree.ParseText(program.Source(), parse, "README.md"),
            ],
            s_references.Value,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.True(
            result.Success,
            $"README program '{program.Name}' does not compile:\n{string.Join("\n", errors.Select(e => e.ToString()))}");
        return image.ToArray();
    }

    private static void Run(ReadmeBlocks.Program program, byte[] image)
    {
        // The blocks may print, set the thread count or write files: all of it goes somewhere harmless and is undone.
        var context = new AssemblyLoadContext($"readme-{program.Name}", isCollectible: true);
        var output = Console.Out;
        var directory = Environment.CurrentDirectory;
        var threads = Parallelism.MaxThreads;
        var scratch = Directory.CreateTempSubdirectory("autodiff-readme-");
        try
        {
            Console.SetOut(new StringWriter());
            Environment.CurrentDirectory = scratch.FullName;
            var entry = context.LoadFromStream(new MemoryStream(image)).EntryPoint!;
            var result = entry.Invoke(null, entry.GetParameters().Length == 0 ? [] : [Array.Empty<string>()]);
            (result as Task)?.GetAwaiter().GetResult();
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            Assert.Fail($"README program '{program.Name}' throws: {e.InnerException}");
        }
        finally
        {
            Console.SetOut(output);
            Environment.CurrentDirectory = directory;
            Parallelism.MaxThreads = threads;
            context.Unload();
            scratch.Delete(recursive: true);
        }
    }

    /// <summary>The shared framework's assemblies and AutoDiff's own, as a console app referencing the packages sees them.</summary>
    private static MetadataReference[] References()
    {
        var framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var paths = Directory.EnumerateFiles(framework, "*.dll")
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Where(IsManaged)
            .Append(typeof(Tensor).Assembly.Location)
            .Append(typeof(AutoDiff.Optim.Adam).Assembly.Location);
        return [.. paths.Select(p => MetadataReference.CreateFromFile(p))];
    }

    private static bool IsManaged(string path)
    {
        try
        {
            AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
