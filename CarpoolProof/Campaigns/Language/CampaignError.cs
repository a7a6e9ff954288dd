namespace Mobility.CarpoolProof.Campaigns.Language;

/// <summary>One problem found in a campaign document, at a JSONPath-like location (<c>$.beneficiaries.driver.rules[1]</c>).</summary>
public sealed record CampaignError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>Thrown when a campaign document is refused; carries every problem found.</summary>
public sealed class CampaignDocumentException : Exception
{
    public CampaignDocumentException(IReadOnlyList<CampaignError> errors)
        : base(string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    public CampaignDocumentException()
        : this([])
    {
    }

    public CampaignDocumentException(string message)
        : base(message)
    {
        Errors = [new CampaignError("$", message)];
    }

    public CampaignDocumentException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [new CampaignError("$", message)];
    }

    public IReadOnlyList<CampaignError> Errors { get; } = [];
}
