using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mobility.Ticketing.Clearing;

/// <summary>One operator's line of a statement.</summary>
public sealed record OperatorShare(string Operator, long Legs, long Amount, long AmountExVat);

/// <summary>Who paid part of a period's revenue: travelers, or an incentive campaign (<c>campaign:ID</c>) for the legs it grants.</summary>
public sealed record PayerShare(string Payer, long Tickets, long Amount);

/// <summary>
/// A period's clearing: the policy (id, version, SHA-256), the revenue and each operator's share, and, when a campaign
/// paid part of it, who paid what (<see cref="Payers"/>). <see cref="ToJson"/> is the published form; its SHA-256 is
/// <see cref="Sha256"/>.
/// </summary>
public sealed record ClearingStatement(
    string Period, ApportionmentPolicy Policy, string Currency, long Tickets, long Revenue, IReadOnlyList<OperatorShare> Operators,
    IReadOnlyList<PayerShare>? Payers = null)
{
    public string ToJson()
    {
        var ops = new JsonArray();
        foreach (var o in Operators)
        {
            ops.Add(new JsonObject { ["operator"] = o.Operator, ["legs"] = o.Legs, ["amount"] = o.Amount, ["amountExVat"] = o.AmountExVat });
        }

        var json = new JsonObject
        {
            ["period"] = Period,
            ["policy"] = new JsonObject { ["id"] = Policy.Id, ["version"] = Policy.Version, ["sha256"] = Policy.Sha256 },
            ["currency"] = Currency,
            ["amountsIn"] = "minor units",
            ["tickets"] = Tickets,
            ["revenue"] = Revenue,
            ["operators"] = ops,
        };

        // Only when a campaign paid part of the period: a statement travelers alone paid reads (and hashes) as before.
        if (Payers is { Count: > 0 } payers && payers.Any(p => p.Payer != ClearingTicket.Travelers))
        {
            var list = new JsonArray();
            foreach (var p in payers)
            {
                list.Add(new JsonObject { ["payer"] = p.Payer, ["tickets"] = p.Tickets, ["amount"] = p.Amount });
            }

            json["payers"] = list;
        }

        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(ToJson())));

    /// <summary>Clears the tickets of a period under a policy; every share lands in one operator's line.</summary>
    public static ClearingStatement Clear(ApportionmentPolicy policy, string period, IEnumerable<ClearingTicket> tickets, Action<JournalEntry>? journal = null)
    {
        var byOperator = new Dictionary<string, (long Legs, long Amount, long ExVat)>(StringComparer.Ordinal);
        var byPayer = new Dictionary<string, (long Tickets, long Amount)>(StringComparer.Ordinal);
        string? currency = null;
        long count = 0, revenue = 0;
        foreach (var ticket in tickets)
        {
            currency ??= ticket.Revenue.Currency;
            if (ticket.Revenue.Currency != currency)
            {
                throw new ArgumentException($"ticket {ticket.TicketId} is in {ticket.Revenue.Currency}, the period in {currency}", nameof(tickets));
            }

            count++;
            revenue += ticket.Revenue.Amount;
            var paid = byPayer.GetValueOrDefault(ticket.Payer);
            byPayer[ticket.Payer] = (paid.Tickets + 1, paid.Amount + ticket.Revenue.Amount);
            foreach (var entry in Apportionment.Entries(policy, ticket))
            {
                journal?.Invoke(entry);
                var line = byOperator.GetValueOrDefault(entry.Operator);
                byOperator[entry.Operator] = (line.Legs + 1, line.Amount + entry.Amount, line.ExVat + entry.AmountExVat);
            }
        }

        var operators = byOperator.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new OperatorShare(p.Key, p.Value.Legs, p.Value.Amount, p.Value.ExVat)).ToList();
        var payers = byPayer.OrderBy(p => p.Key == ClearingTicket.Travelers ? 0 : 1).ThenBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new PayerShare(p.Key, p.Value.Tickets, p.Value.Amount)).ToList();
        return new ClearingStatement(period, policy, currency ?? "EUR", count, revenue, operators, payers);
    }

    /// <summary>A TOMP-API journal entry as JSON, amounts in base units (TOMP v1.6.1 amountOfMoney).</summary>
    public static JsonObject Tomp(JournalEntry e)
    {
        var scale = Fares.Money.Scale(e.CurrencyCode);
        return new JsonObject
        {
            ["journalId"] = e.JournalId,
            ["journalSequenceId"] = e.JournalSequenceId,
            ["amount"] = Math.Abs(e.Amount) / scale,
            ["amountExVat"] = Math.Abs(e.AmountExVat) / scale,
            ["currencyCode"] = e.CurrencyCode,
            ["vatRate"] = e.VatRate,
            ["category"] = e.Category,
            ["distance"] = e.Distance,
            ["distanceType"] = e.DistanceType,
            ["usedTime"] = e.UsedTime,
            ["state"] = e.State,
            ["comment"] = e.Comment + " operator:" + e.Operator,
        };
    }
}
