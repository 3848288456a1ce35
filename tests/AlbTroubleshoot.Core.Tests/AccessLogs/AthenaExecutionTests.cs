using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AlbTroubleshoot.AccessLogs;
using AlbTroubleshoot.Collection;
using AlbTroubleshoot.Json;
using Xunit;

namespace AlbTroubleshoot.Tests.AccessLogs
{
    /// <summary>
    /// Running an Athena statement in the engine, over a back end that plays Athena: the calls, the
    /// end states, the stop, and the result pages of either back end.
    /// </summary>
    public class AthenaExecutionTests
    {
        private static readonly AthenaQuery Query = AthenaSql.Build(new AthenaRequest
        {
            LoadBalancerArn = AlbFixture.LbArn, Bucket = "my-logs", Prefix = "prod", Database = "logs", WorkGroup = "wg", OutputLocation = "s3://results/x/",
            From = new DateTime(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc), To = new DateTime(2026, 11, 24, 11, 0, 0, DateTimeKind.Utc),
            StatusCodes = Array.Empty<StatusCodeFilter>(),
        });

        [Fact]
        public void Starts_the_statement_in_the_workgroup_and_returns_its_id_and_scanned_bytes()
        {
            var athena = new FakeAthena("SUCCEEDED");
            var said = new List<string>();
            var (id, scanned) = AthenaExecution.Execute(athena, Query, "SELECT 1", "test", said.Add, CancellationToken.None);
            Assert.Equal(("q-1", 4096L), (id, scanned));
            var start = athena.Calls[0];
            Assert.Equal(AthenaOperations.StartQueryExecution, start.Operation);
            Assert.Equal(new[] { "SELECT 1", "wg", "logs", "s3://results/x/" },
                new[] { "QueryString", "WorkGroup", "Database", "OutputLocation" }.Select(k => start.Parameters.Single(p => p.Key == k).Value.Single()));
            Assert.Equal(AthenaOperations.GetQueryExecution, athena.Calls[1].Operation);
            Assert.Equal(new[] { "Query q-1 submitted" }, said);
        }

        [Theory]
        [InlineData("FAILED", "failed (a user error): bad column")]
        [InlineData("CANCELLED", "was cancelled (a user error): bad column")]
        public void A_query_that_ends_badly_says_why(string state, string expected)
        {
            var e = Assert.Throws<AthenaQueryFailedException>(() => AthenaExecution.Execute(new FakeAthena(state), Query, "SELECT 1", "test", _ => { }, CancellationToken.None));
            Assert.Equal("q-1", e.QueryExecutionId);
            Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_stop_ends_the_wait_at_once()
        {
            using var stop = new CancellationTokenSource();
            stop.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => AthenaExecution.Execute(new FakeAthena("RUNNING"), Query, "SELECT 1", "test", _ => { }, stop.Token));
        }

        [Fact]
        public void A_state_Athena_sends_reaches_the_progress_text_without_control_characters()
        {
            using var stop = new CancellationTokenSource();
            var said = new List<string>();
            // A state that is no end state keeps the wait going; the first progress line after the submission stops it.
            Assert.ThrowsAny<OperationCanceledException>(() => AthenaExecution.Execute(new FakeAthena("RUNNING\\u001b]0;owned\\u0007"), Query, "SELECT 1", "test",
                line => { said.Add(line); if (said.Count > 1) stop.Cancel(); }, stop.Token));
            Assert.Equal(2, said.Count);
            Assert.StartsWith("Query q-1: RUNNING", said[1], StringComparison.Ordinal);
            Assert.DoesNotContain(said[1], c => char.IsControl(c));
        }

        [Fact]
        public void A_start_without_a_usable_id_is_unreadable()
        {
            Assert.Throws<FormatException>(() => AthenaExecution.Execute(new FakeAthena("SUCCEEDED") { Id = "../x y" }, Query, "SELECT 1", "test", _ => { }, CancellationToken.None));
        }

        [Fact]
        public void Rows_come_from_one_result_set_or_one_per_page_and_null_stays_null()
        {
            const string Set = "{\"Rows\": [{\"Data\": [{\"VarCharValue\": \"a\"}, {}]}]}";
            Assert.Equal(new[] { new[] { "a", null } }, AthenaExecution.Rows(Parse("{\"ResultSet\": " + Set + "}")));
            Assert.Equal(2, AthenaExecution.Rows(Parse("{\"ResultSet\": [" + Set + "," + Set + "]}")).Count);
            Assert.Empty(AthenaExecution.Rows(Parse("{}")));
        }

        private static JsonObject Parse(string json) => (JsonObject)JsonValue.Parse(json, "test");

        private sealed class FakeAthena : IAwsBackend
        {
            private readonly string state;

            public FakeAthena(string state) { this.state = state; }

            public string Id { get; set; } = "q-1";

            public List<AwsRequest> Calls { get; } = new List<AwsRequest>();

            public string Name => "FakeAthena";

            public JsonObject Invoke(AwsRequest request, CancellationToken cancellationToken)
            {
                Calls.Add(request);
                if (request.Operation == AthenaOperations.StartQueryExecution) return Parse("{\"QueryExecutionId\": \"" + Id + "\"}");
                return Parse("{\"QueryExecution\": {\"Status\": {\"State\": \"" + state + "\", \"StateChangeReason\": \"bad column\", \"AthenaError\": {\"ErrorCategory\": 2}}," +
                    " \"Statistics\": {\"DataScannedInBytes\": 4096}}}");
            }
        }
    }
}
