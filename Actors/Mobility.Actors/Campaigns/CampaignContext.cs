using Mobility.CarpoolProof.Campaigns.Settlement;
using Mobility.CarpoolProof.Pipeline;
using NSec.Cryptography;

namespace Mobility.Actors.Campaigns;

/// <summary>What the campaign entities of one node share: the settlement signer (the platform key), the clock and ask timeout.</summary>
public sealed record CampaignContext(ISettlementSigner Signer, TimeProvider Time)
{
    public TimeSpan AskTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The configured territory (<see cref="Carpool.CarpoolContext.Territory"/>): journeys recorded before
    /// attribution existed are its own.</summary>
    public string ImplicitTerritory { get; init; } = Carpool.CarpoolContext.DefaultTerritory;
}

/// <summary>Signs settlements with the platform's Ed25519 key, the key of its attestations and checkpoints.</summary>
public sealed class PlatformSettlementSigner(PlatformKey platform) : ISettlementSigner
{
    public string KeyId { get; } = SettlementVerifier.KeyIdOf(platform.PublicKey);

    public byte[] PublicKey => platform.PublicKey;

    public byte[] Sign(ReadOnlySpan<byte> canonical) => SignatureAlgorithm.Ed25519.Sign(platform.Key, canonical);
}
