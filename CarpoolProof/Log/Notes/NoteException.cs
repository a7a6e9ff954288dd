namespace Mobility.CarpoolProof.Log.Notes;

/// <summary>A signed note, key or checkpoint is malformed, or its signature does not verify. The message says which.</summary>
public sealed class NoteException : Exception
{
    public NoteException(string message) : base(message) { }

    public NoteException(string message, Exception inner) : base(message, inner) { }

    public NoteException() { }
}
