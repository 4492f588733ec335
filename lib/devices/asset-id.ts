import { randomToken } from "@/lib/crypto/random-token";

/** The platform's id for a device (EnOS assetId): 8 letters or digits. */
export const newAssetId = () => randomToken(8);
