using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace AutoDiff.Bench.Cli;

/// <summary>Builds options whose bad values fail parsing with one line naming the option and what it allows.</summary>
public static class OptionRules
{

    /// <summary>A string option limited to <paramref name="allowed"/> (case-insensitive), listed in the help.</summary>
    public static Option<string> Choice(string name, string description, string defaultValue, params string[] allowed)
    {
        var option = new Option<string>(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            HelpName = string.Join('|', allowed),
        };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!allowed.Contains(value, StringComparer.OrdinalIgnoreCase))
            {
                result.AddError($"{name} '{value}' is not allowed; allowed values: {string.Join(", ", allowed)}.");
            }
        });
        return option;
    }

    /// <summary>A comma-separated list option whose items must each be one of <paramref name="allowed"/>.</summary>
    public static Option<string?> ChoiceList(string name, string description, IReadOnlyList<string> allowed)
    {
        var option = new Option<string?>(name)
        {
            Description = $"{description} (comma-separated: {string.Join(", ", allowed)})",
            HelpName = "list",
        };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string?>() ?? string.Empty;
            foreach (var item in SplitList(value))
            {
                if (!allowed.Contains(item, StringComparer.OrdinalIgnoreCase))
                {
                    result.AddError($"{name} '{item}' is not allowed; allowed values: {string.Join(", ", allowed)}.");
                    return;
                }
            }
        });
        return option;
    }

    /// <summary>An integer option in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static Option<int> Int(string name, string description, int defaultValue, int min, int max = int.MaxValue)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            if (!TryGet(result, out int value))
            {
                result.AddError($"{name} '{Given(result)}' is not allowed; allowed values: an integer, {Range(min, max)}.");
            }
            else if (value < min || value > max)
            {
                result.AddError($"{name} {value} is out of range; allowed values: an integer, {Range(min, max)}.");
            }
        });
        return option;
    }

    /// <summary>A floating-point option in (<paramref name="exclusiveMin"/>, <paramref name="max"/>].</summary>
    public static Option<double> Positive(string name, string description, double defaultValue, double exclusiveMin = 0, double max = double.MaxValue)
    {
        var option = new Option<double>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            if (!TryGet(result, out double value))
            {
                result.AddError($"{name} '{Given(result)}' is not allowed; allowed values: a number greater than {exclusiveMin.ToString(CultureInfo.InvariantCulture)}.");
            }
            else if (!(value > exclusiveMin && value <= max))
            {
                var upper = max == double.MaxValue ? string.Empty : $" and at most {max.ToString(CultureInfo.InvariantCulture)}";
                result.AddError($"{name} {value.ToString(CultureInfo.InvariantCulture)} is out of range; allowed values: greater than {exclusiveMin.ToString(CultureInfo.InvariantCulture)}{upper}.");
            }
        });
        return option;
    }

    /// <summary>An optional non-negative number (0 or absent turns the feature off).</summary>
    public static Option<double> NonNegative(string name, string description)
    {
        var option = new Option<double>(name) { Description = description };
        option.Validators.Add(result =>
        {
            if (!TryGet(result, out double value))
            {
                result.AddError($"{name} '{Given(result)}' is not allowed; allowed values: 0 (off) or a positive number.");
            }
            else if (!(value >= 0) || double.IsInfinity(value))
            {
                result.AddError($"{name} {value.ToString(CultureInfo.InvariantCulture)} is out of range; allowed values: 0 (off) or a positive number.");
            }
        });
        return option;
    }

    /// <summary>The report folder option, <c>--out DIR</c>.</summary>
    public static Option<string> Out() => new("--out")
    {
        Description = "Folder for report.md, report.html, the PNG plots and the data files",
        DefaultValueFactory = _ => OutputFolder.Default,
        HelpName = "DIR",
    };

    /// <summary>An optional positive number (absent: the command chooses).</summary>
    public static Option<double?> OptionalPositive(string name, string description)
    {
        var option = new Option<double?>(name) { Description = description };
        option.Validators.Add(result =>
        {
            if (!TryGet(result, out double? parsed))
            {
                result.AddError($"{name} '{Given(result)}' is not allowed; allowed values: a number greater than 0.");
            }
            else if (parsed is { } value && !(value > 0 && double.IsFinite(value)))
            {
                result.AddError($"{name} {value.ToString(CultureInfo.InvariantCulture)} is out of range; allowed values: a number greater than 0.");
            }
        });
        return option;
    }

    /// <summary>The items of a comma-separated list, trimmed, without empty ones.</summary>
    public static string[] SplitList(string? value) =>
        (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The option's value, or false when its text does not convert (the validator then names the option itself).</summary>
    private static bool TryGet<T>(OptionResult result, out T value)
    {
        try
        {
            value = result.GetValueOrDefault<T>();
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default!;
            return false;
        }
    }

    private static string Given(OptionResult result) => result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;

    private static string Range(int min, int max) => max == int.MaxValue ? $"{min} or more" : $"{min} to {max}";
}
