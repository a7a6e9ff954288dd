using System.Diagnostics;
using Mobility.Tests.Shared;
using Mobility.Ticketing.Tickets;

namespace Mobility.Ticketing.Tests.Tickets;

/// <summary>A rendered ticket QR code read back by an independent decoder (zbarimg, Debian zbar-tools).</summary>
public sealed class QrDecodeTests
{
    [Fact]
    public void Zbarimg_reads_back_the_ticket_text_and_the_ticket_still_verifies()
    {
        var zbar = new[] { "/usr/bin/zbarimg", "/usr/local/bin/zbarimg" }.FirstOrDefault(File.Exists);
        if (zbar is null)
        {
            if (SharedData.IsCi)
            {
                throw new InvalidOperationException("zbarimg (zbar-tools) is required under CI");
            }

            Assert.Skip("Skipped: zbarimg (Debian zbar-tools) is not installed.");
        }

        var issuer = new TicketIssuer("2026-12-a", Enumerable.Repeat((byte)1, 32).ToArray());
        var cose = issuer.Issue(TicketValidatorTests.ThreeLegs());
        var png = Path.Combine(Path.GetTempPath(), $"ticket-{Guid.NewGuid():N}.png");
        try
        {
            File.WriteAllBytes(png, TicketIssuer.QrPng(cose));
            using var process = Process.Start(new ProcessStartInfo(zbar!, ["--raw", "-q", png]) { RedirectStandardOutput = true })!;
            var text = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            Assert.Equal(TicketIssuer.QrText(cose), text);
            Assert.Equal(cose, TicketIssuer.ReadTicketBytes(System.Text.Encoding.ASCII.GetBytes(text)));
        }
        finally
        {
            File.Delete(png);
        }
    }
}
