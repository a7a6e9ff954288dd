using Mobility.Node.Configuration;

namespace Mobility.Node.Storage;

/// <summary>
/// One node per data folder: <c>node.lock</c> in the folder, opened exclusively for the node's whole life. On Linux
/// .NET takes an exclusive <c>flock</c> for <see cref="FileShare.None"/>, which the kernel drops when the process dies,
/// so a crashed node never leaves a stale lock behind, while a second node (or a second host in one process) is
/// refused before it touches the journal.
/// </summary>
public sealed class DataFolderLock : IDisposable
{
    /// <summary>The file held open while a node runs on the folder.</summary>
    public const string FileName = "node.lock";

    private readonly FileStream _stream;

    private DataFolderLock(FileStream stream) => _stream = stream;

    /// <summary>Takes the folder's lock, creating the folder if needed; throws a one-line StartupException when held.</summary>
    public static DataFolderLock Acquire(string folder)
    {
        var path = Path.Combine(folder, FileName);
        try
        {
            Directory.CreateDirectory(folder);
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            return new DataFolderLock(stream);
        }
        catch (IOException e) when (File.Exists(path) && e is not PathTooLongException)
        {
            throw new StartupException(
                NodeSettingsReader.Section + ":DataFolder",
                $"'{folder}' is in use by another running node (it holds {FileName}); stop that node first, or give this one its own data folder.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StartupException(NodeSettingsReader.Section + ":DataFolder", $"cannot lock '{path}' ({e.Message}).");
        }
    }

    public void Dispose() => _stream.Dispose();
}
