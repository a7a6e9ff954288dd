using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Mobility.Actors.Operators;
using Mobility.Node.Security;
using Mobility.Node.Tests.Security;
using Mobility.Node.Tests.Support;

namespace Mobility.Node.Tests.Api;

public sealed class TripFlowTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private RunningNode _node = null!;
    private HttpClient _operator = null!;
    private HttpClient _otherOperator = null!;

    public async ValueTask InitializeAsync()
    {
        _node = await RunningNode.StartAsync(RunningNode.Settings(_data.Path));
        await _node.WaitReadyAsync();
        _operator = await _node.ClientAsAsync(Roles.Operator, "op-a");
        _otherOperator = await _node.ClientAsAsync(Roles.Operator, "op-b");
        (await _operator.PostAsJsonAsync(new Uri("/operators", UriKind.Relative), new { id = "op-a", name = "Pool A" }, Ct)).EnsureSuccessStatusCode();
        (await _otherOperator.PostAsJsonAsync(new Uri("/operators", UriKind.Relative), new { id = "op-b", name = "Pool B" }, Ct)).EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        _operator.Dispose();
        _otherOperator.Dispose();
        await _node.DisposeAsync();
        _data.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Booking_holds_seats_retries_are_idempotent_and_cancel_frees_them()
    {
        (await _operator.PostAsJsonAsync(new Uri("/operators/op-a/offers", UriKind.Relative), SecuredNode.OfferBody("ride-1", seats: 2), Ct)).EnsureSuccessStatusCode();
        var (alice, aliceToken) = await TestKeys.TravelerAsync(_node.Http);
        var (_, bobToken) = await TestKeys.TravelerAsync(_node.Http);
        using var a = _node.Http.With(aliceToken);
        using var b = _node.Http.With(bobToken);
        var twoSeats = new { legs = new[] { new { kind = "carpool", operatorId = "op-a", resourceId = "ride-1", seats = 2 } } };

        var (status, first) = await Book(a, "k-1", twoSeats);
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("offered", first.GetProperty("status").GetString());
        Assert.Equal("NEW", first.GetProperty("tompState").GetString());
        var tripId = first.GetProperty("id").GetString()!;

        // The same request again: the same trip, nothing held twice. The same key for another body: 422.
        var (again, retried) = await Book(a, "k-1", twoSeats);
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Equal(tripId, retried.GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Book(a, "k-1", new { legs = twoSeats.legs, holdMinutes = 5 })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Book(a, null, twoSeats)).Status);

        // Both seats are held: Bob cannot have one, and the offer shows none free.
        Assert.Equal(HttpStatusCode.Conflict, (await Book(b, "k-b", new { legs = new[] { new { kind = "carpool", operatorId = "op-a", resourceId = "ride-1", seats = 1 } } })).Status);
        Assert.Equal(0, (await Offers(_operator))[0].GetProperty("seatsFree").GetInt32());

        // Bob sees neither the trip nor that it exists beyond a 403; Alice lists it.
        Assert.Equal(HttpStatusCode.Forbidden, (await b.GetAsync(new Uri("/trips/" + tripId, UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await b.PostAsync(new Uri($"/trips/{tripId}/cancel", UriKind.Relative), null, Ct)).StatusCode);
        var mine = await a.GetFromJsonAsync<JsonElement>(new Uri("/trips", UriKind.Relative), Ct);
        Assert.Equal(tripId, Assert.Single(mine.EnumerateArray()).GetProperty("id").GetString());
        Assert.Empty((await b.GetFromJsonAsync<JsonElement>(new Uri("/trips", UriKind.Relative), Ct)).EnumerateArray());

        // Commit waits for the carpool operator, which finds the trip in its list (another operator cannot read that list,
        // and its own does not show the trip); another operator may not answer; op-a accepts and the trip leaves the list.
        Assert.Empty(await Awaiting(_operator, "op-a"));
        Assert.Equal("pending", (await Post(a, $"/trips/{tripId}/commit")).GetProperty("status").GetString());
        var waiting = Assert.Single(await Awaiting(_operator, "op-a"));
        Assert.Equal(tripId, waiting.GetProperty("id").GetString());
        Assert.All(waiting.GetProperty("legs").EnumerateArray(), l => Assert.Equal("op-a", l.GetProperty("operatorId").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, (await _otherOperator.GetAsync(new Uri("/operators/op-a/trips", UriKind.Relative), Ct)).StatusCode);
        Assert.Empty(await Awaiting(_otherOperator, "op-b"));
        Assert.Equal(HttpStatusCode.Forbidden, (await _otherOperator.PostAsync(new Uri($"/operators/op-b/trips/{tripId}/accept", UriKind.Relative), null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _otherOperator.PostAsync(new Uri($"/operators/op-a/trips/{tripId}/accept", UriKind.Relative), null, Ct)).StatusCode);
        Assert.Equal("confirmed", (await Post(_operator, $"/operators/op-a/trips/{tripId}/accept")).GetProperty("status").GetString());
        Assert.Empty(await Awaiting(_operator, "op-a"));

        // Cancelling frees the seats for Bob.
        Assert.Equal("cancelled", (await Post(a, $"/trips/{tripId}/cancel")).GetProperty("status").GetString());
        Assert.Equal("cancelled", (await Post(a, $"/trips/{tripId}/cancel")).GetProperty("status").GetString()); // A retry.
        Assert.Equal(2, (await Offers(_operator))[0].GetProperty("seatsFree").GetInt32());
        Assert.Equal(HttpStatusCode.Created, (await Book(b, "k-b", new { legs = new[] { new { kind = "carpool", operatorId = "op-a", resourceId = "ride-1", seats = 1 } } })).Status);
        Assert.NotNull(alice);
    }

    [Fact]
    public async Task A_refused_booking_holds_nothing()
    {
        (await _operator.PostAsJsonAsync(new Uri("/operators/op-a/offers", UriKind.Relative), SecuredNode.OfferBody("ride-twice", seats: 2), Ct)).EnsureSuccessStatusCode();
        var (_, aliceToken) = await TestKeys.TravelerAsync(_node.Http);
        var (_, bobToken) = await TestKeys.TravelerAsync(_node.Http);
        using var a = _node.Http.With(aliceToken);
        using var b = _node.Http.With(bobToken);
        var seat = new { kind = "carpool", operatorId = "op-a", resourceId = "ride-twice", seats = 1 };

        // The same seat twice in one booking is refused; before the fix its holds blocked the offer for an hour.
        var (status, problem) = await Book(a, "k-twice", new { legs = new[] { seat, seat }, holdMinutes = 60 });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("two legs", problem.GetRawText(), StringComparison.Ordinal);
        var offer = (await Offers(_operator)).Single(o => o.GetProperty("offerId").GetString() == "ride-twice");
        Assert.Equal(2, offer.GetProperty("seatsFree").GetInt32());
        Assert.Equal(HttpStatusCode.Created, (await Book(b, "k-all", new { legs = new[] { seat with { seats = 2 } } })).Status);
    }

    /// <summary>
    /// Issue 13: a shared-vehicle hold named any string at any operator (<c>../../../etc/passwd</c> at a tram operator
    /// got 201). An id must look like a GBFS identifier, and at an operator that publishes GBFS it must be a vehicle
    /// available now or a station renting with a vehicle available.
    /// </summary>
    [Fact]
    public async Task A_shared_vehicle_hold_names_a_vehicle_or_station_the_operator_has_available()
    {
        var (_, token) = await TestKeys.TravelerAsync(_node.Http);
        using var traveler = _node.Http.With(token);
        object Leg(string op, string id) => new { legs = new[] { new { kind = "shared-vehicle", operatorId = op, resourceId = id, seats = 1 } } };

        var (status, problem) = await Book(traveler, "k-path", Leg("op-b", "../../../etc/passwd"));
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("GBFS identifier", problem.GetRawText(), StringComparison.Ordinal);

        // op-a publishes a GBFS system (its polled feed's files, as the feed singleton shares them with every node).
        var folder = Mobility.Tests.Shared.SharedData.Path("gbfs", "lillestrom-bysykkel-v2.2");
        var files = Directory.GetFiles(folder, "*.json").ToDictionary(f => Path.GetFileNameWithoutExtension(f), File.ReadAllText);
        var bytes = Mobility.Node.Feeds.ReplicatedGbfs.Serialize(files);
        var source = Mobility.Node.Feeds.PolledFeed.Of(OperatorId.Parse("op-a"), FeedKind.Gbfs, new Uri("https://gbfs.example/lillestrom/gbfs.json"));
        var content = Mobility.Node.Feeds.FeedContent.Of(source, bytes, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), DateTimeOffset.UtcNow);
        Assert.Null(await _node.Host.Services.GetRequiredService<Mobility.Node.Feeds.ReplicatedGbfs>().OfferAsync(content, Ct));

        (status, problem) = await Book(traveler, "k-none", Leg("op-a", "bike-does-not-exist"));
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("no vehicle or station 'bike-does-not-exist' available", problem.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, (await Book(traveler, "k-station", Leg("op-a", "YLS:VehicleSharingParkingArea:3"))).Status);

        // An operator without a GBFS feed still holds the well-formed ids it manages itself.
        Assert.Equal(HttpStatusCode.Created, (await Book(traveler, "k-own", Leg("op-b", "scooter-17"))).Status);
    }

    [Fact]
    public async Task Offers_are_validated_and_a_published_offer_reaches_the_live_board_within_a_second()
    {
        var past = SecuredNode.OfferBody("ride-past");
        var bad = new Dictionary<string, object>
        {
            ["departEarliest"] = JsonSerializer.SerializeToElement(past) is var e ? Patch(e, "departEarliest", DateTimeOffset.UtcNow.AddMinutes(-5)) : default!,
            ["seats"] = Patch(JsonSerializer.SerializeToElement(past), "seats", 0),
            ["maxDetourMinutes"] = Patch(JsonSerializer.SerializeToElement(past), "maxDetourMinutes", -1),
        };
        foreach (var (field, body) in bad)
        {
            using var refused = await _operator.PostAsJsonAsync(new Uri("/operators/op-a/offers", UriKind.Relative), body, Ct);
            await OperatorEndpointTests.AssertProblem(refused, HttpStatusCode.BadRequest, field);
        }

        // Read strictly (issue 13): a number as a string, an unknown member, a time without its offset are refused, in
        // the API's words and at their path; nothing is published.
        var good = JsonSerializer.SerializeToElement(SecuredNode.OfferBody("ride-strict"));
        var strict = new (string Path, string Says, JsonElement Body)[]
        {
            ("$.seats", "wrong type", Patch(good, "seats", "3")),
            ("$.seatz", "not a member", Patch(good, "seatz", 3)),
            ("$.departEarliest", "needs its offset", Patch(good, "departEarliest", DateTime.UtcNow.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture))),
        };
        foreach (var (path, says, body) in strict)
        {
            using var refused = await _operator.PostAsJsonAsync(new Uri("/operators/op-a/offers", UriKind.Relative), body, Ct);
            var text = await refused.Content.ReadAsStringAsync(Ct);
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest && text.Contains(says, StringComparison.Ordinal) && text.Contains(path, StringComparison.Ordinal), $"{path}: {(int)refused.StatusCode} {text}");
            Assert.DoesNotContain("Mobility.", text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(await Offers(_operator), o => o.GetProperty("offerId").GetString() == "ride-strict");

        var board = _node.Host.Services.GetRequiredService<LiveOfferBoard>();
        var clock = Stopwatch.StartNew();
        (await _otherOperator.PostAsJsonAsync(new Uri("/operators/op-b/offers", UriKind.Relative), SecuredNode.OfferBody("ride-live"), Ct)).EnsureSuccessStatusCode();
        while (!board.Offers(DateTimeOffset.UtcNow).Any(o => o.Offer.OfferId == "ride-live") && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(20, Ct);
        }

        Assert.Contains(board.Offers(DateTimeOffset.UtcNow), o => o.Offer.OfferId == "ride-live" && o.OperatorId.Value == "op-b");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1.5), $"seen after {clock.Elapsed.TotalMilliseconds:0} ms");
        Assert.DoesNotContain(board.Offers(DateTimeOffset.UtcNow), o => o.Offer.OfferId.StartsWith("ride-past", StringComparison.Ordinal));

        // Withdrawn: gone from the board too.
        (await _otherOperator.DeleteAsync(new Uri("/operators/op-b/offers/ride-live", UriKind.Relative), Ct)).EnsureSuccessStatusCode();
        clock.Restart();
        while (board.Offers(DateTimeOffset.UtcNow).Any(o => o.Offer.OfferId == "ride-live") && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(20, Ct);
        }

        Assert.DoesNotContain(board.Offers(DateTimeOffset.UtcNow), o => o.Offer.OfferId == "ride-live");
    }

    [Fact]
    public async Task A_gtfs_upload_is_validated_and_recorded_and_a_broken_one_changes_nothing()
    {
        using var good = new MultipartFormDataContent { { new ByteArrayContent(await File.ReadAllBytesAsync(TinyFeeds.GtfsZip(), Ct)), "file", "feed.zip" } };
        using var accepted = await _operator.PostAsync(new Uri("/operators/op-a/feeds/gtfs", UriKind.Relative), good, Ct);
        var body = await accepted.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.True(body.GetProperty("valid").GetBoolean());
        Assert.Equal(1, body.GetProperty("version").GetInt32());

        using var broken = new MultipartFormDataContent { { new ByteArrayContent("not a zip"u8.ToArray()), "file", "broken.zip" } };
        using var refused = await _operator.PostAsync(new Uri("/operators/op-a/feeds/gtfs", UriKind.Relative), broken, Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("broken.zip", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var feeds = await _operator.GetFromJsonAsync<JsonElement>(new Uri("/operators/op-a/feeds", UriKind.Relative), Ct);
        Assert.Single(feeds.GetProperty("versions").EnumerateArray());
    }

    [Theory]
    [InlineData("stops.txt", "S3,Parc,45.02,5.02", "S3,Parc,999,5.02", "stop_lat")]
    [InlineData("stops.txt", "S3,Parc,45.02,5.02", "S3,Parc,45.02,NaN", "stop_lon")]
    [InlineData("stop_times.txt", "T2,09:10:00,09:10:00,S3,3", "T2,09:10:00,09:10:00,S3,3\nT2,99:xx:00,garbage,S3,3", "stop_times.txt")]
    public async Task A_gtfs_upload_the_planner_could_not_read_is_refused_with_file_and_field(string file, string line, string bad, string named)
    {
        using var folder = new TempFolder();
        var files = TinyFeeds.GtfsFiles.ToDictionary();
        Assert.Contains(line, files[file], StringComparison.Ordinal);
        files[file] = files[file].Replace(line, bad, StringComparison.Ordinal);
        var zip = TinyFeeds.WriteGtfsZip(files, folder.File("bad.zip"));

        using var content = new MultipartFormDataContent { { new ByteArrayContent(await File.ReadAllBytesAsync(zip, Ct)), "file", "bad.zip" } };
        using var refused = await _otherOperator.PostAsync(new Uri("/operators/op-b/feeds/gtfs", UriKind.Relative), content, Ct);
        var text = await refused.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains(named, text, StringComparison.Ordinal);
        var feeds = await _otherOperator.GetFromJsonAsync<JsonElement>(new Uri("/operators/op-b/feeds", UriKind.Relative), Ct);
        Assert.Empty(feeds.GetProperty("versions").EnumerateArray());
    }

    [Fact]
    public async Task A_zip_bomb_upload_is_refused_before_it_is_inflated()
    {
        using var folder = new TempFolder();
        var path = folder.File("bomb.zip");
        using (var zip = System.IO.Compression.ZipFile.Open(TinyFeeds.WriteGtfsZip(TinyFeeds.GtfsFiles, path), System.IO.Compression.ZipArchiveMode.Update))
        {
            // 200 MB of one repeated row inflates about a thousand times.
            await using var entry = zip.CreateEntry("shapes.txt", System.IO.Compression.CompressionLevel.SmallestSize).Open();
            var row = "s,45.0,5.0,1\n"u8.ToArray();
            var block = Enumerable.Repeat(row, 1 << 16).SelectMany(r => r).ToArray();
            for (var written = 0L; written < 200L << 20; written += block.Length)
            {
                await entry.WriteAsync(block, Ct);
            }
        }

        Assert.True(new FileInfo(path).Length < 2 << 20, "the bomb is small");
        using var content = new MultipartFormDataContent { { new ByteArrayContent(await File.ReadAllBytesAsync(path, Ct)), "file", "bomb.zip" } };
        using var refused = await _otherOperator.PostAsync(new Uri("/operators/op-b/feeds/gtfs", UriKind.Relative), content, Ct);
        var text = await refused.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("zip bomb", text, StringComparison.Ordinal);
    }

    private static JsonElement Patch(JsonElement body, string field, object value)
    {
        var map = body.Deserialize<Dictionary<string, JsonElement>>()!;
        map[field] = JsonSerializer.SerializeToElement(value);
        return JsonSerializer.SerializeToElement(map);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> Book(HttpClient client, string? key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/trips", UriKind.Relative)) { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        using var response = await client.SendAsync(request, Ct);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>(Ct));
    }

    private static async Task<JsonElement> Post(HttpClient client, string path)
    {
        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), null, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private static async Task<List<JsonElement>> Awaiting(HttpClient client, string op) =>
        [.. (await client.GetFromJsonAsync<JsonElement>(new Uri($"/operators/{op}/trips", UriKind.Relative), Ct)).EnumerateArray()];

    private static async Task<List<JsonElement>> Offers(HttpClient client) =>
        [.. (await client.GetFromJsonAsync<JsonElement>(new Uri("/operators/op-a/offers", UriKind.Relative), Ct)).EnumerateArray()];
}
