using System.Security.Cryptography;
using Mobility.Node.Configuration;

namespace Mobility.Node.Security;

/// <summary>The node's token secret: the configured one, else a random one kept in the data folder.</summary>
public static class NodeSecret
{
    public const string FileName = "token-secret";

    public static byte[] Resolve(NodeSettings settings)
    {
        if (settings.Auth.TokenSecret is { } configured)
        {
            return configured;
        }

        var path = Path.Combine(settings.DataFolder, FileName);
        if (File.Exists(path))
        {
            var text = File.ReadAllText(path).Trim();
            try
            {
                var bytes = Convert.FromBase64String(text);
                if (bytes.Length >= 32)
                {
                    return bytes;
                }
            }
            catch (FormatException)
            {
                // Reported below.
            }

            throw new StartupException(NodeSettingsReader.Section + ":Auth:TokenSecret", $"'{path}' does not hold a base64 secret of 32 bytes or more; fix or remove it (tokens issued with it stop working).");
        }

        Directory.CreateDirectory(settings.DataFolder);
        var secret = RandomNumberGenerator.GetBytes(32);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite; // Readable by the node's user only.
        }

        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(Convert.ToBase64String(secret));
        }

        return secret;
    }
}
