using System.ComponentModel;
using Mobility.CarpoolProof.Attestations;
using Mobility.CarpoolProof.Log.Notes;
using Mobility.CarpoolProof.Pipeline;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mobility.Audit.Cli;

/// <summary>
/// <c>mobility audit verify-attestation FILE --key platform.vkey [--log OUT]</c>: offline, no database, no network.
/// With <c>--log</c>, the exported leaves are checked against the exported checkpoint and searched for a revocation.
/// </summary>
internal sealed class VerifyAttestationCommand : Command<VerifyAttestationCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("Attestation (W3C VC 2.0 JSON).")]
        public string File { get; init; } = "";

        [CommandOption("--key <VKEY>")]
        [Description("Platform verifier key file (C2SP vkey).")]
        public string Key { get; init; } = "";

        [CommandOption("--log <OUT>")]
        [Description("Optional export directory (leaves.txt, checkpoint) to check for a later revocation.")]
        public string? Log { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Key) ? ValidationResult.Error("--key platform.vkey is required") : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        try
        {
            var vkey = System.IO.File.ReadAllText(settings.Key).Trim();
            var json = System.IO.File.ReadAllText(settings.File);
            List<byte[]>? leaves = null;
            if (settings.Log is { } logDir)
            {
                leaves = AuditExport.ReadLeaves(Path.Combine(logDir, "leaves.txt"));
                var note = System.IO.File.ReadAllText(Path.Combine(logDir, "checkpoint"));
                if (AttestationVerifier.CheckPublishedLeaves(leaves, note, NoteVerifier.Parse(vkey)) is { } bad)
                    return Fail($"{settings.Log}: {bad}");
            }
            var result = AttestationVerifier.Verify(json, vkey, leaves);
            if (!result.Ok) return Fail(result.Failure!);
            var c = result.Commitment!;
            Console.Out.WriteLine($"OK: {c.OperatorId}/{c.OperatorJourneyId} class {c.ProofClass}, status {c.Status}, leaf {result.LeafIndex} of {result.TreeSize}"
                + (leaves is null ? "" : ", not revoked"));
            return 0;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or NoteException)
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
