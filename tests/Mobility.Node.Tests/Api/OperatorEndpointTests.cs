using System.Net;
using System.Text.Json;
using Mobility.Node.Security;
using Mobility.Node.Tests.Support;

namespace Mobility.Node.Tests.Api;

public sealed class OperatorEndpointTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private RunningNode _node = null!;

    public async ValueTask InitializeAsync()
    {
        _node = await RunningNode.StartAsync(RunningNode.Settings(_data.Path));
        await _node.WaitReadyAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _node.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task Errors_are_problem_details_naming_the_field()
    {
        await _node.AuthenticateAsync(Roles.Operator, "ok-id");
        await AssertProblem(await _node.PostAsync("/operators", new { id = "Bad Id", name = "X" }), HttpStatusCode.BadRequest, "id");
        await AssertProblem(await _node.PostAsync("/operators", new { id = "ok-id", name = "" }), HttpStatusCode.BadRequest, "name");
        await AssertProblem(await _node.PostAsync("/operators", new { id = "ok-id", name = "X", contactEmail = "not-an-email" }), HttpStatusCode.BadRequest, "contactEmail");
        await AssertProblem(await _node.PostAsync("/operators", new { id = "ok-id", name = new string('x', 201) }), HttpStatusCode.BadRequest, "name");
        await _node.AuthenticateAsync(Roles.Operator, "nobody");
        await AssertProblem(await _node.GetAsync("/operators/nobody"), HttpStatusCode.NotFound, null);
        await AssertProblem(await _node.PostAsync("/operators/nobody/feed-versions", new { kind = "gtfs", sha256 = new string('a', 64) }), HttpStatusCode.NotFound, null);

        using var malformed = new StringContent("{\"id\":", System.Text.Encoding.UTF8, "application/json");
        using var response = await _node.Http.PostAsync(new Uri("/operators", UriKind.Relative), malformed, TestContext.Current.CancellationToken);
        Assert.Contains("not valid JSON", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        await AssertProblem(response, HttpStatusCode.BadRequest, null);

        // Bodies the framework cannot bind are answered in the API's words, errors keyed by the field, no .NET names.
        foreach (var (body, contentType, field) in new[]
        {
            ("{\"id\":\"x\",\"name\":42}", "application/json", "$.name"),
            ("", "application/json", "$"),
            ("id=x", "text/plain", "$"),
        })
        {
            using var content = new StringContent(body, System.Text.Encoding.UTF8, contentType);
            using var bad = await _node.Http.PostAsync(new Uri("/operators", UriKind.Relative), content, TestContext.Current.CancellationToken);
            var text = await bad.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.True(bad.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnsupportedMediaType, text);
            Assert.DoesNotContain("Mobility.", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Implicit body", text, StringComparison.Ordinal);
            Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
            Assert.True(JsonDocument.Parse(text).RootElement.TryGetProperty("errors", out var errors), $"{body}: {(int)bad.StatusCode} {text}");
            Assert.True(errors.TryGetProperty(field, out _), $"{body}: {text}");
        }

        // Nothing above registered anything.
        await _node.AuthenticateAsync(Roles.Operator, "ok-id");
        Assert.Equal(HttpStatusCode.NotFound, (await _node.GetAsync("/operators/ok-id")).StatusCode);
    }

    [Fact]
    public async Task Registration_is_idempotent_and_a_different_one_conflicts()
    {
        await _node.AuthenticateAsync(Roles.Operator, "tram-co");
        Assert.Equal(HttpStatusCode.Created, (await _node.PostAsync("/operators", new { id = "tram-co", name = "Tram Co" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _node.PostAsync("/operators", new { id = "tram-co", name = "Tram Co" })).StatusCode);
        await AssertProblem(await _node.PostAsync("/operators", new { id = "tram-co", name = "Other" }), HttpStatusCode.Conflict, null);
        await AssertProblem(await _node.PostAsync("/operators/tram-co/feed-versions", new { kind = "ftp", sha256 = new string('a', 64) }), HttpStatusCode.BadRequest, "kind");
        await AssertProblem(await _node.PostAsync("/operators/tram-co/feed-versions", new { kind = "gbfs", sha256 = "ABC" }), HttpStatusCode.BadRequest, "sha256");
        await AssertProblem(await _node.PostAsync("/operators/tram-co/feed-versions", new { kind = "gbfs", sha256 = new string('a', 64), source = "ftp://x/y" }), HttpStatusCode.BadRequest, "source");

        var view = JsonDocument.Parse(await (await _node.GetAsync("/operators/tram-co")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal("Tram Co", view.GetProperty("name").GetString());
        Assert.Equal(0, view.GetProperty("feeds").GetArrayLength());
    }

    internal static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string? field)
    {
        using (response)
        {
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
            Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
            Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
            if (field is not null)
            {
                Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for '{field}' in {problem}");
            }
        }
    }
}
