using System.ComponentModel;
using Mobility.Node.Security;
using Spectre.Console.Cli;

namespace Mobility.Node.Cli;

internal static class KeysCommands
{
    /// <summary>Registers the <c>keys</c> commands.</summary>
    public static IConfigurator AddKeysCommands(this IConfigurator config)
    {
        config.AddBranch("keys", keys =>
        {
            keys.SetDescription("API keys of operators and authorities.");
            keys.AddCommand<CreateKeyCommand>("create")
                .WithDescription("Creates an API key: prints the key (give it to the operator or authority, once) and the hashed entry to add to Mobility:Auth:ApiKeys.")
                .WithExample("keys", "create", "--role", "operator", "--tenant", "tri-met");
        });
        return config;
    }
}

internal sealed class CreateKeySettings : CommandSettings
{
    [CommandOption("--role <ROLE>")]
    [Description("operator or authority")]
    public string Role { get; init; } = string.Empty;

    [CommandOption("--tenant <ID>")]
    [Description("the operator id, or the authority's territory id (2-63 of a-z, 0-9, inner '-')")]
    public string Tenant { get; init; } = string.Empty;

    public override Spectre.Console.ValidationResult Validate()
    {
        if (Role is not (Roles.Operator or Roles.Authority))
        {
            return Spectre.Console.ValidationResult.Error($"--role must be {Roles.Operator} or {Roles.Authority} (travelers create accounts with POST /travelers).");
        }

        return Security.Tenant.IsValid(Tenant)
            ? Spectre.Console.ValidationResult.Success()
            : Spectre.Console.ValidationResult.Error("--tenant must have 2-63 characters among a-z, 0-9 and inner '-'.");
    }
}

internal sealed class CreateKeyCommand : Command<CreateKeySettings>
{
    public override int Execute(CommandContext context, CreateKeySettings settings, CancellationToken cancellationToken)
    {
        var (key, entry) = ApiKeys.Create(settings.Role, settings.Tenant);
        Console.Out.WriteLine($"key      {key}");
        Console.Out.WriteLine($"entry    {entry}");
        Console.Out.WriteLine();
        Console.Out.WriteLine("The node keeps only the entry (a SHA-256 of the key). Add it to every node's settings, e.g.");
        Console.Out.WriteLine($"  MOBILITY__AUTH__APIKEYS=\"{entry}\"   (comma-separate several)");
        Console.Out.WriteLine("and give the key to its holder, who exchanges it at POST /auth/token for a 15-minute token.");
        return 0;
    }
}
