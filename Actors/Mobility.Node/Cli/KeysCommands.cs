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
            keys.SetDescription("API keys of operators and authorities; the platform's signing key.");
            keys.AddCommand<CreateKeyCommand>("create")
                .WithDescription("Creates an API key: prints the key (give it to the operator or authority, once) and the hashed entry to add to Mobility:Auth:ApiKeys.")
                .WithExample("keys", "create", "--role", "operator", "--tenant", "tri-met");
            keys.AddCommand<RotatePlatformKeyCommand>("rotate-platform")
                .WithDescription("Retires the platform key of a stopped node's data folder and creates a new one; the retired key stays published (GET /log/keys) so what it signed stays verifiable.")
                .WithExample("keys", "rotate-platform", "--data", "/var/lib/mobility");
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
        if (Role is not (Roles.Operator or Roles.Authority or Roles.Platform))
        {
            return Spectre.Console.ValidationResult.Error($"--role must be {Roles.Operator}, {Roles.Authority} or {Roles.Platform} (travelers create accounts with POST /travelers).");
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

internal sealed class RotatePlatformKeySettings : CommandSettings
{
    [CommandOption("--data <DIR>")]
    [Description("The node's data folder (the node must be stopped: its lock is taken).")]
    public string Data { get; init; } = string.Empty;

    public override Spectre.Console.ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Data) ? Spectre.Console.ValidationResult.Error("--data DIR is required") : Spectre.Console.ValidationResult.Success();
}

/// <summary>
/// <c>mobility keys rotate-platform --data DIR</c>: the platform key (checkpoints, attestations, settlements, clearing
/// statements) is replaced while the node is stopped; the retired public key is kept in
/// <c>carpool/platform-keys.jsonl</c> and listed by <c>GET /log/keys</c> with its period. In a cluster every node holds
/// the same key: rotate one folder, then copy <c>carpool/platform.key</c>, <c>platform.vkey</c> and
/// <c>platform-keys.jsonl</c> to the others before they start (docs/operations.md).
/// </summary>
internal sealed class RotatePlatformKeyCommand : Command<RotatePlatformKeySettings>
{
    public override int Execute(CommandContext context, RotatePlatformKeySettings settings, CancellationToken cancellationToken)
    {
        try
        {
            using var held = Storage.DataFolderLock.Acquire(settings.Data);
            var (retired, current) = Mobility.CarpoolProof.Pipeline.PlatformKeyHistory.Rotate(Path.Combine(settings.Data, "carpool"), DateTimeOffset.UtcNow);
            Console.Out.WriteLine($"retired  {retired}");
            Console.Out.WriteLine($"current  {current}");
            return 0;
        }
        catch (Exception e) when (e is Configuration.StartupException or IOException or InvalidDataException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine("FAILED: " + e.Message);
            return 1;
        }
    }
}
