using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace Mobility.Node.Tickets;

/// <summary>Reads every event the journal holds under a tag, in journal order (a projection read on demand).</summary>
public static class TaggedEvents
{
    public static Task ReadAsync(ActorSystem system, string tag, Action<object> each, CancellationToken ct) =>
        PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>("akka.persistence.query.journal.sql")
            .CurrentEventsByTag(tag, Offset.NoOffset())
            .RunForeach(envelope => each(envelope.Event), system.Materializer())
            .WaitAsync(ct);
}
