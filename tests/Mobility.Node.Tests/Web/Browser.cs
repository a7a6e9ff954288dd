using Microsoft.Playwright;
using Mobility.Tests.Shared;

namespace Mobility.Node.Tests.Web;

/// <summary>
/// Debian's Chromium driven by Playwright (no browser download: <see cref="ExecutablePath"/>). Under <c>CI=true</c> a
/// missing browser fails the test; elsewhere the test is skipped and says what to install.
/// </summary>
internal static class Browser
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>Launches Chromium with extra command-line <paramref name="args"/> (e.g. host resolver rules).</summary>
    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync(params string[] args)
    {
        if (!File.Exists(ExecutablePath))
        {
            const string what = $"{ExecutablePath} is missing: install it with `apt-get install -y chromium` (Debian) to run the browser tests.";
            if (SharedData.IsCi)
            {
                throw new InvalidOperationException(what + " CI must provide it (.ci/run installs it).");
            }

            Assert.Skip("Skipped: " + what);
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ExecutablePath, Headless = true, Args = args });
        return (playwright, browser);
    }

    /// <summary>
    /// Prints a measured figure and keeps it in the test output (bin/.../screenshots/measurements.txt), since the test
    /// runner shows no output of a passing test.
    /// </summary>
    public static void Report(string line)
    {
        Console.WriteLine(line);
        File.AppendAllText(ScreenshotPath("measurements.txt"), $"{DateTimeOffset.UtcNow:u} {line}{Environment.NewLine}");
    }

    /// <summary>Where screenshots go: the test output folder (bin/.../screenshots).</summary>
    public static string ScreenshotPath(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }
}
