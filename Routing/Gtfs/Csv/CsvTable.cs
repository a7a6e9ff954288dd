using System.Text;

namespace Mobility.Routing.Gtfs.Csv;

/// <summary>
/// A streaming RFC 4180 reader for one GTFS table: quoted fields (with <c>""</c> escapes and embedded line breaks),
/// CRLF or LF line ends, a UTF-8 byte-order mark, columns located by the header rather than by position.
/// Rows shorter than the header read as empty trailing fields (the GTFS reference's own sample feed has them).
/// </summary>
public sealed class CsvTable : IDisposable
{
    /// <summary>Upper bound on one field, so that a malformed quote cannot swallow a whole file into memory.</summary>
    public const int MaxFieldLength = 64 * 1024;

    /// <summary>Upper bound on the columns of one row.</summary>
    public const int MaxColumns = 512;

    private readonly TextReader _reader;
    private readonly Dictionary<string, int> _columns = new(StringComparer.Ordinal);
    private readonly List<string> _fields = [];
    private readonly StringBuilder _field = new();
    private int _physicalLine = 1;

    public CsvTable(string fileName, TextReader reader)
    {
        FileName = fileName;
        _reader = reader;
        if (!ReadRecord())
        {
            Header = [];
            return;
        }

        var header = new string[_fields.Count];
        for (var i = 0; i < _fields.Count; i++)
        {
            var name = _fields[i].Trim();
            if (i == 0 && name.Length > 0 && name[0] == '\uFEFF')
            {
                name = name[1..];
            }

            header[i] = name;
            _columns.TryAdd(name, i);
        }

        Header = header;
    }

    public string FileName { get; }

    public IReadOnlyList<string> Header { get; }

    /// <summary>The physical line (1-based) where the current record starts.</summary>
    public int Line { get; private set; }

    /// <summary>The index of a column, or -1 when the header lacks it.</summary>
    public int Column(string name) => _columns.TryGetValue(name, out var i) ? i : -1;

    public bool HasColumn(string name) => _columns.ContainsKey(name);

    /// <summary>The trimmed value of a column in the current record; empty when absent.</summary>
    public string Get(int column) => column >= 0 && column < _fields.Count ? _fields[column].Trim() : string.Empty;

    /// <summary>Advances to the next non-blank record.</summary>
    public bool Read()
    {
        while (ReadRecord())
        {
            if (_fields.Count == 1 && _fields[0].Length == 0)
            {
                continue; // a blank line
            }

            return true;
        }

        return false;
    }

    private bool ReadRecord()
    {
        _fields.Clear();
        _field.Clear();
        Line = _physicalLine;
        var c = _reader.Read();
        if (c < 0)
        {
            return false;
        }

        var inQuotes = false;
        var quotedField = false;
        while (true)
        {
            if (c < 0)
            {
                if (inQuotes)
                {
                    throw new GtfsFeedException(new GtfsIssue(FileName, Line, null, "unterminated quoted field at end of file"));
                }

                EndField();
                return true;
            }

            var ch = (char)c;
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (_reader.Peek() == '"')
                    {
                        _reader.Read();
                        Append('"');
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    if (ch == '\n')
                    {
                        _physicalLine++;
                    }

                    Append(ch);
                }
            }
            else if (ch == '"' && _field.Length == 0 && !quotedField)
            {
                inQuotes = true;
                quotedField = true;
            }
            else if (ch == ',')
            {
                EndField();
                quotedField = false;
            }
            else if (ch == '\r' || ch == '\n')
            {
                if (ch == '\r' && _reader.Peek() == '\n')
                {
                    _reader.Read();
                }

                _physicalLine++;
                EndField();
                return true;
            }
            else
            {
                Append(ch);
            }

            c = _reader.Read();
        }
    }

    private void Append(char ch)
    {
        if (_field.Length >= MaxFieldLength)
        {
            throw new GtfsFeedException(new GtfsIssue(FileName, Line, null, $"field longer than {MaxFieldLength} characters (unbalanced quote?)"));
        }

        _field.Append(ch);
    }

    private void EndField()
    {
        if (_fields.Count >= MaxColumns)
        {
            throw new GtfsFeedException(new GtfsIssue(FileName, Line, null, $"more than {MaxColumns} columns"));
        }

        _fields.Add(_field.ToString());
        _field.Clear();
    }

    public void Dispose() => _reader.Dispose();
}
