using Mobility.CarpoolProof.Campaigns.Engine;
using Mobility.CarpoolProof.Campaigns.Journeys;
using Mobility.CarpoolProof.Campaigns.Language;

namespace Mobility.CarpoolProof.Tests.Campaigns;

public sealed class JourneyFileTests
{
    private const string Header = "journey_id,operator_id,proof_class,start_datetime,start_lat,start_lon,end_datetime,end_lat,end_lon,distance_m,seats,driver_key,passenger_key,passenger_over_18,status,log_index";

    [Fact]
    public void Csv_lines_that_do_not_parse_are_reported_with_line_and_field_and_skipped()
    {
        var csv = string.Join('\n',
            Header,
            "j1,op,C,2022-03-15T08:00:00+01:00,48.8,2.1,2022-03-15T08:40:00+01:00,48.85,2.35,20000,2,d1,p1,true,accepted,101",
            "j2,op,D,2022-03-15T08:00:00+01:00,48.8,2.1,2022-03-15T08:40:00+01:00,48.85,2.35,20000,2,d1,p1,true,accepted,",
            "j3,op,C,2022-03-15T08:00:00,48.8,2.1,2022-03-15T08:40:00+01:00,48.85,2.35,20000,2,d1,p1,true,accepted,",
            "j4,op,C,2022-03-15T08:00:00Z,48.8,2.1,2022-03-15T08:40:00Z,48.85,2.35,20000,9,d1,p1,,flagged,",
            "j1,op,C,2022-03-15T08:00:00Z,48.8,2.1,2022-03-15T08:40:00Z,48.85,2.35,20000,1,d1,p1,,,",
            "j5,op,C,2022-03-15T08:00:00Z,48.8,2.1",
            "\"j6\",op,B,2022-03-15T08:00:00Z,48.8,2.1,2022-03-15T08:40:00Z,48.85,2.35,abc,1,d1,p1,,,");
        var file = JourneyCsv.Read(new StringReader(csv));
        var j1 = Assert.Single(file.Journeys);
        Assert.Equal(("j1", 2, 101L, true), (j1.JourneyId, j1.Seats, j1.LogIndex!.Value, j1.PassengerIsAdult!.Value));
        Assert.Equal(
        [
            "line 3: proof_class: 'D' is not A, B or C",
            "line 4: start_datetime: '2022-03-15T08:00:00' is not an ISO 8601 date-time with an offset (Z or +hh:mm)",
            "line 5: journey: seats must be within 1..8",
            "line 6: journey_id: duplicate journey id 'j1'",
            "line 7: line: 6 fields where the header has 16",
            "line 8: distance_m: 'abc' is not an integer",
        ], file.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Csv_with_an_unknown_or_missing_column_is_refused_as_a_whole()
    {
        var file = JourneyCsv.Read(new StringReader("journey_id,colour\nj1,red\n"));
        Assert.Empty(file.Journeys);
        Assert.Contains(file.Errors, e => e.Field == "colour" && e.Message == "unknown column");
        Assert.Contains(file.Errors, e => e.Field == "operator_id" && e.Message == "required column is missing");
    }

    [Fact]
    public void Registry_v3_3_declarations_are_read_with_operator_id_and_status()
    {
        const string line = """{"operator_journey_id":"abc123","operator_trip_id":"t1","operator_class":"C","incentives":[],"start":{"datetime":"2024-03-12T07:00:00Z","lat":47.2184,"lon":-1.5536},"end":{"datetime":"2024-03-12T07:40:00Z","lat":47.087,"lon":-1.282},"distance":20000,"driver":{"identity":{"identity_key":"dk","operator_user_id":"u1","phone_trunc":"+336010203"},"revenue":300},"passenger":{"identity":{"identity_key":"pk","operator_user_id":"u2","phone_trunc":"+336010204","over_18":true},"contribution":300,"seats":2},"operator_id":"op","status":"fraud"}""";
        var file = JourneyJsonLines.Read(new StringReader(line + "\n{\"operator_journey_id\": 5}\nnot json\n"));
        var j = Assert.Single(file.Journeys);
        Assert.Equal(("abc123", "op", ProofClass.C, 2, "dk", "pk", true, JourneyStatus.Flagged, 20_000),
            (j.JourneyId, j.OperatorId, j.ProofClass, j.Seats, j.DriverKey, j.PassengerKey, j.PassengerIsAdult!.Value, j.Status, j.DistanceMetres));
        Assert.Equal([2, 3], file.Errors.Select(e => e.Line));
        Assert.Equal("start", file.Errors[0].Field);
    }
}
