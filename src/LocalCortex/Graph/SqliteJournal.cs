using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.Data.Sqlite;

namespace LocalCortex.Graph;

/// <summary>
/// The durable half of the store: every committed write is one SQLite transaction (WAL), so the data survives a
/// restart and a killed process. The store loads it back into memory at start-up.
/// </summary>
internal sealed class SqliteJournal : IDisposable
{
    private readonly SqliteConnection _connection;

    public SqliteJournal(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        Path = System.IO.Path.Combine(dataDirectory, "cortex.db");
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL;");
        Execute("PRAGMA synchronous=NORMAL;");
        Execute("""
            CREATE TABLE IF NOT EXISTS triples (
                id BLOB PRIMARY KEY,
                subject TEXT NOT NULL,
                predicate TEXT NOT NULL,
                kind INTEGER NOT NULL,
                value TEXT NOT NULL,
                created_ticks INTEGER NOT NULL
            ) WITHOUT ROWID;
            """);
    }

    public string Path { get; }

    public IEnumerable<StoredTriple> LoadAll()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT id, subject, predicate, kind, value, created_ticks FROM triples;";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var id = TripleId.FromBytes((byte[])reader[0]);
            var value = GraphValue.FromStorage((ValueKind)reader.GetInt32(3), reader.GetString(4));
            yield return new StoredTriple(id, reader.GetString(1), reader.GetString(2), value, new DateTime(reader.GetInt64(5), DateTimeKind.Utc));
        }
    }

    public void Insert(IReadOnlyList<StoredTriple> triples)
    {
        if (triples.Count == 0)
        {
            return;
        }

        using var transaction = _connection.BeginTransaction();
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT OR IGNORE INTO triples (id, subject, predicate, kind, value, created_ticks) VALUES ($id, $s, $p, $k, $v, $t);";
        var id = command.Parameters.Add("$id", SqliteType.Blob);
        var s = command.Parameters.Add("$s", SqliteType.Text);
        var p = command.Parameters.Add("$p", SqliteType.Text);
        var k = command.Parameters.Add("$k", SqliteType.Integer);
        var v = command.Parameters.Add("$v", SqliteType.Text);
        var t = command.Parameters.Add("$t", SqliteType.Integer);
        command.Prepare();
        foreach (var triple in triples)
        {
            id.Value = triple.Id.ToBytes();
            s.Value = triple.Subject;
            p.Value = triple.Predicate;
            k.Value = (int)triple.Object.Kind;
            v.Value = triple.Object.ToStorageText();
            t.Value = triple.CreatedAtUtc.Ticks;
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    public void Delete(TripleId tripleId)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "DELETE FROM triples WHERE id = $id;";
        command.Parameters.AddWithValue("$id", tripleId.ToBytes());
        command.ExecuteNonQuery();
    }

    public void Checkpoint() => Execute("PRAGMA wal_checkpoint(TRUNCATE);");

    public void Dispose()
    {
        try
        {
            Checkpoint();
        }
        finally
        {
            _connection.Dispose();
        }
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
