using Mobility.CarpoolProof.Log.Audit;

namespace Mobility.Audit.Cli;

/// <summary>How audit commands answer: one line on stdout and exit 0, or one line on stderr and exit 1.</summary>
internal static class AuditOutput
{
    public const int Failed = 1;

    public static int Report(AuditResult result)
    {
        if (result.Ok)
        {
            Console.Out.WriteLine(result.Message);
            return 0;
        }

        return Fail(result.Message);
    }

    public static int Fail(string reason)
    {
        Console.Error.WriteLine("FAILED: " + reason);
        return Failed;
    }
}
