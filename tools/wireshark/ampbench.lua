-- ampbench.lua: Wireshark dissector for ampbench captures (docs/captures.md).
--
-- Decodes packets of ampbench's private link type, LINKTYPE_USER15 (162): the 12-octet ampbench pseudo-header,
-- then the air frame of its profile: amp-prov, amp-sec and aiot-s9 field by field as docs/protocols/<profile>.md
-- gives them; lorawan frames are handed to Wireshark's own "lorawan" dissector. (ampbench also writes every
-- LoRaWAN frame on a second, LoRaTap (270) interface, which Wireshark decodes with no plugin at all.)
--
-- Install: copy this file into Wireshark's personal Lua plugins folder (Help > About Wireshark > Folders >
-- "Personal Lua Plugins", e.g. ~/.local/lib/wireshark/plugins/), or run
--   tshark -X lua_script:tools/wireshark/ampbench.lua -r capture.pcapng
-- See tools/wireshark/README.md.

local ampbench = Proto("ampbench", "ampbench pseudo-header")

local PROFILES = { [1] = "amp-prov", [2] = "amp-sec", [3] = "aiot-s9", [4] = "lorawan" }
local DIRECTIONS = { [1] = "DUT -> bench (inbound)", [2] = "bench -> DUT (outbound)" }
local ROLES = { [1] = "tag", [2] = "gateway" }

local hf = {
    version   = ProtoField.uint8("ampbench.version", "Version", base.DEC),
    hdr_len   = ProtoField.uint8("ampbench.hdr_len", "Header length", base.DEC),
    profile   = ProtoField.uint8("ampbench.profile", "Profile", base.DEC, PROFILES),
    direction = ProtoField.uint8("ampbench.direction", "Direction", base.DEC, DIRECTIONS),
    role      = ProtoField.uint8("ampbench.dut_role", "DUT role", base.DEC, ROLES),
    flags     = ProtoField.uint8("ampbench.flags", "Flags", base.HEX),
    channel   = ProtoField.uint16("ampbench.channel", "Channel", base.DEC, { [0xFFFF] = "unknown" }),
    rssi      = ProtoField.int8("ampbench.rssi", "RSSI (dBm)", base.DEC, { [0x7F] = "unknown" }),
    reserved  = ProtoField.bytes("ampbench.reserved", "Reserved"),
}
ampbench.fields = hf

local ef_short = ProtoExpert.new("ampbench.short", "Frame shorter than its field table", expert.group.MALFORMED,
    expert.severity.ERROR)
local ef_version = ProtoExpert.new("ampbench.bad_version", "Unknown pseudo-header version", expert.group.MALFORMED,
    expert.severity.ERROR)
local ef_lorawan = ProtoExpert.new("ampbench.lorawan_failed", "Wireshark's lorawan dissector could not decode "
    .. "this frame", expert.group.UNDECODED, expert.severity.WARN)
ampbench.experts = { ef_short, ef_version, ef_lorawan }

-- One protocol per AMP profile, each with its fields; add(tree, buf, off, field, len) helpers below.
local function fields_of(proto, prefix, defs)
    local f = {}
    for _, d in ipairs(defs) do
        local name, label, kind, extra = d[1], d[2], d[3], d[4]
        local abbrev = prefix .. "." .. name
        if kind == "u8" then
            f[name] = ProtoField.uint8(abbrev, label, base.DEC, extra)
        elseif kind == "x8" then
            f[name] = ProtoField.uint8(abbrev, label, base.HEX, extra)
        elseif kind == "u16" then
            f[name] = ProtoField.uint16(abbrev, label, base.DEC)
        elseif kind == "u32" then
            f[name] = ProtoField.uint32(abbrev, label, base.DEC)
        elseif kind == "u48" then
            f[name] = ProtoField.uint64(abbrev, label, base.DEC)
        else
            f[name] = ProtoField.bytes(abbrev, label)
        end
    end
    local list = {}
    for _, v in pairs(f) do list[#list + 1] = v end
    proto.fields = list
    return f
end

-- Adds fixed-length fields in order; nil if the frame is too short (an expert error is added).
local Cursor = {}
Cursor.__index = Cursor
local function cursor(buf, tree, f, pinfo)
    return setmetatable({ buf = buf, tree = tree, f = f, off = 0, ok = true, pinfo = pinfo }, Cursor)
end
function Cursor:take(name, len)
    if not self.ok then return nil end
    if len < 0 or self.off + len > self.buf:len() then
        self.tree:add_proto_expert_info(ef_short, name .. ": needs " .. len .. " octet(s) at offset " .. self.off)
        self.ok = false
        return nil
    end
    local range = self.buf(self.off, len)
    self.tree:add(self.f[name], range)
    self.off = self.off + len
    return range
end
function Cursor:left() return self.buf:len() - self.off end

-------------------------------------------------------------------------------------------------- amp-prov
local ampprov = Proto("ampprov", "amp-prov (IEEE 802.11 AMP provisioning)")
local PROV_TYPES = { [0x01] = "PROV_BEACON", [0x02] = "PROV_REQUEST", [0x03] = "PROV_RESPONSE",
    [0x04] = "PROV_CONFIRM", [0x10] = "REQ_SENSOR_DATA", [0x11] = "RES_SENSOR_DATA", [0x12] = "REKEY",
    [0x13] = "REKEY_ACK", [0x14] = "REPROVISION" }
local pf = fields_of(ampprov, "ampprov", {
    { "type", "Type", "x8", PROV_TYPES }, { "gwid", "GWID", "bytes" }, { "modes", "Modes", "x8" },
    { "idhash", "IdHash", "bytes" }, { "kdfmode", "KdfMode", "u8" }, { "tagnonce", "TagNonce", "bytes" },
    { "localaddr", "LocalAddr", "u16" }, { "tknonce", "TkNonce", "bytes" }, { "keysel", "KeySel", "u8" },
    { "cntr", "Cntr", "u32" }, { "seq", "Seq", "u32" }, { "payload", "Payload", "bytes" },
    { "mic", "Mic", "bytes" },
})

local function dissect_ampprov(buf, pinfo, root)
    local tree = root:add(ampprov, buf())
    local c = cursor(buf, tree, pf, pinfo)
    if buf:len() < 1 then c:take("type", 1) return end
    local t = buf(0, 1):uint()
    local name = PROV_TYPES[t] or string.format("unknown type 0x%02x", t)
    pinfo.cols.info:set("amp-prov " .. name)
    tree:append_text(", " .. name)
    c:take("type", 1)
    if t == 0x01 then
        c:take("gwid", 4) c:take("modes", 1)
    elseif t == 0x02 then
        c:take("gwid", 4) c:take("idhash", 8) c:take("kdfmode", 1) c:take("tagnonce", 8)
    elseif t == 0x03 then
        c:take("idhash", 8) c:take("kdfmode", 1) c:take("localaddr", 2) c:take("tknonce", 8) c:take("keysel", 1)
        c:take("mic", 8)
    elseif t == 0x04 then
        c:take("localaddr", 2) c:take("mic", 8)
    elseif t >= 0x10 and t <= 0x14 then
        c:take("localaddr", 2) c:take("keysel", 1) c:take("cntr", 4) c:take("seq", 4)
        if c.ok and c:left() > 8 then c:take("payload", c:left() - 8) end
        c:take("mic", 8)
    end
end

-------------------------------------------------------------------------------------------------- amp-sec
local ampsec = Proto("ampsec", "amp-sec (TGbp ANonce/SNonce/MIC handshake)")
local SEC_TYPES = { [0x01] = "Trigger", [0x02] = "Response", [0x03] = "Confirm", [0x04] = "UplinkData",
    [0x05] = "DownlinkData", [0x06] = "PmkUpdate" }
local sf = fields_of(ampsec, "ampsec", {
    { "type", "Type", "x8", SEC_TYPES }, { "format", "Format", "x8" }, { "aa", "AA", "bytes" },
    { "da", "DA", "bytes" }, { "sa", "SA", "bytes" }, { "anonceid", "ANonceId", "u16" },
    { "anonce", "ANonce", "bytes" }, { "pmkgeneration", "PmkGeneration", "u16" }, { "snonce", "SNonce", "bytes" },
    { "dldata", "DlData", "bytes" }, { "uldata", "UlData", "bytes" }, { "uldatamic", "UlDataMic", "bytes" },
    { "mic", "MIC", "bytes" }, { "pn", "PN", "u48" }, { "data", "Data", "bytes" }, { "datamic", "DataMic", "bytes" },
    { "newgeneration", "NewGeneration", "u16" },
})

local function dissect_ampsec(buf, pinfo, root)
    local tree = root:add(ampsec, buf())
    local c = cursor(buf, tree, sf, pinfo)
    if buf:len() < 2 then c:take("type", 1) c:take("format", 1) return end
    local t = buf(0, 1):uint()
    local name = SEC_TYPES[t] or string.format("unknown type 0x%02x", t)
    pinfo.cols.info:set("amp-sec " .. name)
    tree:append_text(", " .. name)
    local format = buf(1, 1):uint()
    local alen = (format % 8) + 1                               -- bits 0-2: address length - 1
    local nlen = (math.floor(format / 8) % 2 == 1) and 16 or 32 -- bit 3: short nonces
    c:take("type", 1) c:take("format", 1)
    if t == 0x01 then
        c:take("aa", alen) c:take("da", alen) c:take("anonceid", 2) c:take("anonce", nlen)
        if c.ok and c:left() > 0 then c:take("dldata", c:left()) end
    elseif t == 0x02 then
        c:take("aa", alen) c:take("sa", alen) c:take("anonceid", 2) c:take("pmkgeneration", 2) c:take("snonce", nlen)
        if c.ok and c:left() > 16 then
            c:take("uldata", c:left() - 24) c:take("uldatamic", 8)
        end
        c:take("mic", 16)
    elseif t == 0x03 then
        c:take("aa", alen) c:take("sa", alen) c:take("anonceid", 2) c:take("pmkgeneration", 2) c:take("mic", 16)
    elseif t == 0x04 or t == 0x05 then
        c:take("aa", alen) c:take("sa", alen) c:take("pn", 6)
        if c.ok then c:take("data", c:left() - 8) end
        c:take("datamic", 8)
    elseif t == 0x06 then
        c:take("aa", alen) c:take("sa", alen) c:take("pn", 6) c:take("newgeneration", 2) c:take("mic", 16)
    end
end

-------------------------------------------------------------------------------------------------- aiot-s9
local aiots9 = Proto("aiots9", "aiot-s9 (3GPP Ambient IoT Solution #9)")
local S9_TYPES = { [0x01] = "Paging", [0x02] = "PagingResponse", [0x03] = "Command", [0x04] = "CommandResponse" }
local ID_MODES = { [0] = "encrypted ID", [1] = "temporary ID" }
local POLICIES = { [0] = "none", [1] = "integrity", [2] = "confidentiality and integrity" }
local af = fields_of(aiots9, "aiots9", {
    { "type", "Type", "x8", S9_TYPES }, { "idmode", "IdMode", "u8", ID_MODES }, { "policy", "Policy", "u8", POLICIES },
    { "networknonce", "NetworkNonce", "bytes" }, { "devicenonce", "DeviceNonce", "bytes" },
    { "capability", "Capability", "x8" }, { "protecteddeviceid", "ProtectedDeviceId", "bytes" },
    { "securedpayload", "SecuredPayload", "bytes" }, { "mac", "Mac", "bytes" },
})

local function dissect_aiots9(buf, pinfo, root)
    local tree = root:add(aiots9, buf())
    local c = cursor(buf, tree, af, pinfo)
    if buf:len() < 1 then c:take("type", 1) return end
    local t = buf(0, 1):uint()
    local name = S9_TYPES[t] or string.format("unknown type 0x%02x", t)
    pinfo.cols.info:set("aiot-s9 " .. name)
    tree:append_text(", " .. name)
    c:take("type", 1) c:take("idmode", 1)
    if t == 0x01 then
        c:take("networknonce", 8) c:take("protecteddeviceid", 8) c:take("mac", 8)
    elseif t == 0x02 then
        c:take("devicenonce", 8) c:take("capability", 1) c:take("protecteddeviceid", 8) c:take("mac", 8)
    elseif t == 0x03 or t == 0x04 then
        local policy = c.ok and buf:len() > 2 and buf(2, 1):uint() or 0
        c:take("policy", 1)
        c:take(t == 0x03 and "networknonce" or "devicenonce", 8) c:take("protecteddeviceid", 8)
        local mac = (policy ~= 0) and 8 or 0
        if c.ok and c:left() > mac then c:take("securedpayload", c:left() - mac) end
        if mac > 0 then c:take("mac", 8) end
    end
end

-------------------------------------------------------------------------------------------------- pseudo-header
local lorawan_dissector = Dissector.get("lorawan")
local profile_dissectors = { [1] = dissect_ampprov, [2] = dissect_ampsec, [3] = dissect_aiots9 }

function ampbench.dissector(buf, pinfo, root)
    pinfo.cols.protocol:set("ampbench")
    local tree = root:add(ampbench, buf())
    if buf:len() < 12 then
        tree:add_proto_expert_info(ef_short, "pseudo-header needs 12 octets")
        return
    end
    tree:add(hf.version, buf(0, 1))
    if buf(0, 1):uint() ~= 1 then
        tree:add_proto_expert_info(ef_version)
        return
    end
    local hlen = buf(1, 1):uint()
    tree:add(hf.hdr_len, buf(1, 1))
    tree:add(hf.profile, buf(2, 1))
    tree:add(hf.direction, buf(3, 1))
    tree:add(hf.role, buf(4, 1))
    tree:add(hf.flags, buf(5, 1))
    tree:add(hf.channel, buf(6, 2))
    tree:add(hf.rssi, buf(8, 1))
    tree:add(hf.reserved, buf(9, 3))
    if hlen < 12 or hlen > buf:len() then
        tree:add_proto_expert_info(ef_short, "header length " .. hlen .. " out of range")
        return
    end
    local profile = buf(2, 1):uint()
    local dir = buf(3, 1):uint()
    tree:append_text(string.format(", %s, %s, DUT is a %s", PROFILES[profile] or "?", DIRECTIONS[dir] or "?",
        ROLES[buf(4, 1):uint()] or "?"))
    if dir == 1 then
        pinfo.cols.src:set("DUT") pinfo.cols.dst:set("bench")
    elseif dir == 2 then
        pinfo.cols.src:set("bench") pinfo.cols.dst:set("DUT")
    end
    if hlen == buf:len() then return end
    local frame = buf(hlen):tvb()
    if profile == 4 then
        pinfo.cols.protocol:set("ampbench/LoRaWAN")
        if lorawan_dissector then
            -- Wireshark's lorawan dissector throws on frames it cannot take (e.g. 4.0 on a data frame with no
            -- FPort); keep the pseudo-header and say so instead of a Lua error
            local ok = pcall(function() lorawan_dissector:call(frame, pinfo, root) end)
            if not ok then
                tree:add_proto_expert_info(ef_lorawan)
            end
        end
    elseif profile_dissectors[profile] then
        pinfo.cols.protocol:set("ampbench/" .. PROFILES[profile])
        profile_dissectors[profile](frame, pinfo, root)
    end
end

local encaps = wtap_encaps or wtap
DissectorTable.get("wtap_encap"):add(encaps.USER15, ampbench)
