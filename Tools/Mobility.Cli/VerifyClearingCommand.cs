using System.ComponentModel;
using System.Text.Json;
using Mobility.CarpoolProof.Attestations;
using Mobility.CarpoolProof.Log.Notes;
using Mobility.CarpoolProof.Pipeline;
using Mobility.Ticketing;
using Mobility.Ticketing.Clearing;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mobility.Node.Cli;

/// <summary>
/// <c>mobility audit verify-clearing STATEMENT --tickets CSV --policy POLICY --key platform.vkey [--log OUT]</c>:
/// offline, an issued clearing statement (as <c>/authority/clearing/{month}</c> or an operator's statement endpoint
/// answer it) is checked: the platform's signature over its bytes, its SHA-256, the same statement re-computed from the
/// published input and policy, and, with an exported log, its leaf at the stated index under a checkpoint the key signs.
/// </summary>
internal sealed class VerifyClearingCommand : Command<VerifyClearingCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<STATEMENT>")]
        [Description("The issued statement (JSON with statement, sha256, signature, logIndex; or an operator's answer holding it under 'statement').")]
        public string File { get; init; } = "";

        [CommandOption("--tickets <CSV>")]
        [Description("The month's clearing input (GET /authority/clearing/{month}/tickets.csv).")]
        public string Tickets { get; init; } = "";

        [CommandOption("--policy <FILE>")]
        [Description("The published apportionment policy (GET /tickets/clearing-policy).")]
        public string Policy { get; init; } = "";

        [CommandOption("--key <VKEY>")]
        [Description("Platform verifier key file (C2SP vkey).")]
        public string Key { get; init; } = "";

        [CommandOption("--log <OUT>")]
        [Description("Optional export directory (leaves.txt, checkpoint) in which the statement's leaf must be.")]
        public string? Log { get; init; }

        public override ValidationResult Validate() =>
            new[] { File, Tickets, Policy, Key }.Any(string.IsNullOrWhiteSpace)
                ? ValidationResult.Error("STATEMENT, --tickets, --policy and --key are required")
                : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        try
        {
            var verifier = NoteVerifier.Parse(System.IO.File.ReadAllText(settings.Key).Trim());
            using var document = JsonDocument.Parse(System.IO.File.ReadAllText(settings.File));
            var issued = document.RootElement.TryGetProperty("statement", out var inner) && inner.ValueKind == JsonValueKind.Object ? inner : document.RootElement;
            var statement = issued.GetProperty("statement").GetString() ?? "";
            var signature = Convert.FromBase64String(issued.GetProperty("signature").GetString() ?? "");
            var index = issued.GetProperty("logIndex").GetInt64();
            if (!ClearingSigning.Verify(statement, signature, verifier.PublicKey))
            {
                return Fail("the signature does not verify with the platform key");
            }

            var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(statement)));
            if (issued.GetProperty("sha256").GetString() != sha)
            {
                return Fail($"sha256 is {sha}, not the stated {issued.GetProperty("sha256").GetString()}");
            }

            var month = JsonDocument.Parse(statement).RootElement.GetProperty("period").GetString()!;
            var policy = ApportionmentPolicy.Parse(System.IO.File.ReadAllBytes(settings.Policy), settings.Policy);
            using var tickets = new StreamReader(settings.Tickets);
            var recomputed = ClearingStatement.Clear(policy, month, ClearingCsv.Read(tickets, settings.Tickets));
            if (recomputed.ToJson() != statement)
            {
                return Fail($"re-computed from {settings.Tickets} under {policy.Id} {policy.Version}, the statement differs (sha256 {recomputed.Sha256})");
            }

            var where = "";
            if (settings.Log is { } logDir)
            {
                var leaves = AuditExport.ReadLeaves(Path.Combine(logDir, "leaves.txt"));
                if (AttestationVerifier.CheckPublishedLeaves(leaves, System.IO.File.ReadAllText(Path.Combine(logDir, "checkpoint")), verifier) is { } bad)
                {
                    return Fail($"{logDir}: {bad}");
                }

                if (index < 0 || index >= leaves.Count || !leaves[(int)index].AsSpan().SequenceEqual(ClearingSigning.Leaf(statement)))
                {
                    return Fail($"leaf {index} of the exported log is not this statement's");
                }

                where = $", anchored at leaf {index} of {leaves.Count}";
            }

            Console.Out.WriteLine($"OK: clearing {month} under {policy.Id} {policy.Version}, {recomputed.Tickets} tickets, revenue {recomputed.Revenue} {recomputed.Currency} minor units, signed by the platform key, re-computed identically{where}");
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException or InvalidOperationException or FormatException or NoteException or TicketingInputException or InvalidDataException)
        {
            return Fail(e.Message);
        }
    }

    private static int Fail(string reason)
    {
        Console.Error.WriteLine("FAILED: " + reason);
        return 1;
    }
}
