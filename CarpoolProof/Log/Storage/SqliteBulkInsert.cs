using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Mobility.CarpoolProof.Log.Storage;

/// <summary>
/// A prepared multi-row <c>INSERT</c> bound by position through SQLitePCL's raw API, on a connection that already
/// holds the caller's transaction. Microsoft.Data.Sqlite binds every parameter by name on every execution
/// (<c>sqlite3_bind_parameter_index</c> scans the statement's parameters each time, quadratic in a multi-row
/// statement); the hot batch writes of the log and the proof store bind by index instead.
/// </summary>
internal sealed class SqliteBulkInsert : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly string _table;
    private readonly int _columns;
    private readonly int _rowsPerStatement;
    private readonly string _verb;
    private sqlite3_stmt? _full;
    private sqlite3_stmt? _current;
    private int _row;

    /// <param name="table">Table and optional column list, e.g. <c>tlog_leaf (idx, hash, data)</c>.</param>
    /// <param name="verb"><c>INSERT</c>, or e.g. <c>INSERT OR REPLACE</c>.</param>
    public SqliteBulkInsert(SqliteConnection connection, string table, int columns, int rowsPerStatement = 64, string verb = "INSERT")
    {
        if (columns < 1 || rowsPerStatement < 1 || columns * rowsPerStatement > 32_766)
            throw new ArgumentOutOfRangeException(nameof(rowsPerStatement), "SQLite allows at most 32,766 parameters per statement.");
        _connection = connection;
        _table = table;
        _columns = columns;
        _rowsPerStatement = rowsPerStatement;
        _verb = verb;
    }

    /// <summary>Inserts <paramref name="count"/> rows; <paramref name="bind"/> sets row k's columns through the writer.</summary>
    public void Insert(int count, Action<int, Row> bind)
    {
        for (var start = 0; start < count; start += _rowsPerStatement)
        {
            var rows = Math.Min(_rowsPerStatement, count - start);
            _current = rows == _rowsPerStatement ? _full ??= Prepare(rows) : Prepare(rows);
            try
            {
                for (_row = 0; _row < rows; _row++) bind(start + _row, new Row(this));
                Check(raw.sqlite3_step(_current), raw.SQLITE_DONE);
            }
            finally
            {
                if (!ReferenceEquals(_current, _full)) _current.Dispose();
                else
                {
                    raw.sqlite3_reset(_current);
                    raw.sqlite3_clear_bindings(_current);
                }
                _current = null;
            }
        }
    }

    /// <summary>Sets the columns of the row being bound (1-based positions within the row).</summary>
    public readonly struct Row(SqliteBulkInsert owner)
    {
        private int Index(int column)
        {
            if (column < 1 || column > owner._columns) throw new ArgumentOutOfRangeException(nameof(column));
            return (owner._row * owner._columns) + column;
        }

        public void Set(int column, long value) => owner.Check(raw.sqlite3_bind_int64(owner._current, Index(column), value), raw.SQLITE_OK);

        public void Set(int column, string value) => owner.Check(raw.sqlite3_bind_text(owner._current, Index(column), value), raw.SQLITE_OK);

        public void Set(int column, ReadOnlySpan<byte> value) => owner.Check(raw.sqlite3_bind_blob(owner._current, Index(column), value), raw.SQLITE_OK);
    }

    private sqlite3_stmt Prepare(int rows)
    {
        var sql = new System.Text.StringBuilder(_table.Length + 32 + (rows * _columns * 2));
        sql.Append(_verb).Append(" INTO ").Append(_table).Append(" VALUES ");
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ",(");
            for (var c = 0; c < _columns; c++) sql.Append(c == 0 ? "?" : ",?");
            sql.Append(')');
        }
        Check(raw.sqlite3_prepare_v2(_connection.Handle, sql.ToString(), out var stmt), raw.SQLITE_OK);
        return stmt;
    }

    private void Check(int rc, int expected)
    {
        if (rc != expected) SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
    }

    public void Dispose()
    {
        _full?.Dispose();
        _full = null;
    }
}
