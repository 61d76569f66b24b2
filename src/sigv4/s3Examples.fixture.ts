/**
 * @module sigv4/s3Examples.fixture
 * The worked examples of the Amazon S3 API reference, as raw requests (path and query as on the wire)
 * with the signatures AWS published. Credentials AKIAIOSFODNN7EXAMPLE / wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY,
 * region us-east-1, 2013-05-24T00:00:00Z.
 * Header examples: https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
 * Presigned example: https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
 * Streaming example: https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
 */
import type { SigV4Request } from "./request.ts";

export const EXAMPLE_ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
export const EXAMPLE_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
export const EXAMPLE_NOW = new Date("2013-05-24T00:00:00Z");
const EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const HOST = "examplebucket.s3.amazonaws.com";

function auth(signedHeaders: string, signature: string): string {
  return `AWS4-HMAC-SHA256 Credential=${EXAMPLE_ACCESS_KEY}/20130524/us-east-1/s3/aws4_request,SignedHeaders=${signedHeaders},Signature=${signature}`;
}

/** A documented example: the request as received and the published signature. */
export interface S3Example {
  readonly name: string;
  readonly request: SigV4Request;
  readonly signature: string;
  /** The published canonical request, where the documentation prints it. */
  readonly canonicalRequest?: string;
  readonly body?: string;
}

export const HEADER_EXAMPLES: readonly S3Example[] = [
  {
    name: "GET Object (first 10 bytes, Range header)",
    signature: "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
    canonicalRequest: [
      "GET",
      "/test.txt",
      "",
      `host:${HOST}`,
      "range:bytes=0-9",
      `x-amz-content-sha256:${EMPTY}`,
      "x-amz-date:20130524T000000Z",
      "",
      "host;range;x-amz-content-sha256;x-amz-date",
      EMPTY,
    ].join("\n"),
    request: {
      method: "GET",
      rawPath: "/test.txt",
      rawQuery: "",
      headers: [
        ["Host", HOST],
        ["Range", "bytes=0-9"],
        ["x-amz-content-sha256", EMPTY],
        ["x-amz-date", "20130524T000000Z"],
        ["Authorization", auth("host;range;x-amz-content-sha256;x-amz-date", "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")],
      ],
    },
  },
  {
    name: "PUT Object (key with $, Date header, storage class, signed body)",
    signature: "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd",
    body: "Welcome to Amazon S3.",
    request: {
      method: "PUT",
      rawPath: "/test%24file.text",
      rawQuery: "",
      headers: [
        ["Host", HOST],
        ["Date", "Fri, 24 May 2013 00:00:00 GMT"],
        ["x-amz-date", "20130524T000000Z"],
        ["x-amz-storage-class", "REDUCED_REDUNDANCY"],
        ["x-amz-content-sha256", "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072"],
        [
          "Authorization",
          auth("date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class", "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"),
        ],
      ],
    },
  },
  {
    name: "GET Bucket lifecycle (subresource without a value)",
    signature: "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543",
    request: {
      method: "GET",
      rawPath: "/",
      rawQuery: "lifecycle",
      headers: [
        ["Host", HOST],
        ["x-amz-date", "20130524T000000Z"],
        ["x-amz-content-sha256", EMPTY],
        ["Authorization", auth("host;x-amz-content-sha256;x-amz-date", "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543")],
      ],
    },
  },
  {
    name: "GET Bucket (List Objects, query parameters sorted)",
    signature: "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7",
    request: {
      method: "GET",
      rawPath: "/",
      rawQuery: "max-keys=2&prefix=J",
      headers: [
        ["Host", HOST],
        ["x-amz-date", "20130524T000000Z"],
        ["x-amz-content-sha256", EMPTY],
        ["Authorization", auth("host;x-amz-content-sha256;x-amz-date", "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7")],
      ],
    },
  },
];

/** The presigned GET of test.txt, valid 86400 s. */
export const PRESIGNED_EXAMPLE: S3Example = {
  name: "presigned GET Object (X-Amz-Expires=86400)",
  signature: "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
  request: {
    method: "GET",
    rawPath: "/test.txt",
    rawQuery:
      "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request" +
      "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host" +
      "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
    headers: [["Host", HOST]],
  },
};

/**
 * The streaming PUT: 66560 bytes of "a" in a 65536-byte chunk, a 1024-byte chunk and the final empty
 * chunk, each with its published chunk signature. Content-Length 66824 is the encoded length.
 */
export const STREAMING_EXAMPLE = {
  seedSignature: "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9",
  chunkSignatures: [
    "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648",
    "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497",
    "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9",
  ],
  chunkSizes: [65536, 1024, 0],
  decodedLength: 66560,
  encodedLength: 66824,
  request: {
    method: "PUT",
    rawPath: "/examplebucket/chunkObject.txt",
    rawQuery: "",
    headers: [
      ["Host", "s3.amazonaws.com"],
      ["x-amz-date", "20130524T000000Z"],
      ["x-amz-storage-class", "REDUCED_REDUNDANCY"],
      ["x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"],
      ["Content-Encoding", "aws-chunked"],
      ["x-amz-decoded-content-length", "66560"],
      ["Content-Length", "66824"],
      [
        "Authorization",
        `AWS4-HMAC-SHA256 Credential=${EXAMPLE_ACCESS_KEY}/20130524/us-east-1/s3/aws4_request, ` +
          "SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class, " +
          "Signature=4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9",
      ],
    ],
  } satisfies SigV4Request,
} as const;
